/**
 * tc's bpffs work directory (lib/bpf_legacy.c bpf_get_work_dir), used for
 * the `m:NAME` shorthand of pinned paths: the bpffs mount at $TC_BPF_MNT,
 * else the first bpf mount of /proc/mounts (tc also tries /sys/fs/bpf and
 * /bpf first; a bpffs there is in /proc/mounts too), with tc's hierarchy
 * made in it: tc/ and tc/globals/ directories and ip, xdp links to tc/.
 * Unlike tc this never mounts a bpffs when none is found: it says so.
 */
import { lstatSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";

/** No bpffs to work in (tc would mount one at /sys/fs/bpf). */
export class NoBpffsError extends Error {
  override name = "NoBpffsError";
}

/** The mount point of a bpf filesystem: `env` when it is one, else the first in /proc/mounts. */
export function findBpffs(env: string | undefined = process.env.TC_BPF_MNT, mounts = readProcMounts()): string | undefined {
  const bpf = mounts.filter((m) => m.type === "bpf").map((m) => m.dir);
  if (env !== undefined) return bpf.includes(env.replace(/\/+$/, "") || "/") ? env : undefined;
  return bpf[0];
}

function readProcMounts(): Array<{ dir: string; type: string }> {
  let text = "";
  try {
    text = readFileSync("/proc/mounts", "utf8");
  } catch {
    return [];
  }
  // fields are octal-escaped (\040 for a space)
  const unesc = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  return text.split("\n").filter(Boolean).map((l) => { const f = l.split(" "); return { dir: unesc(f[1] ?? ""), type: f[2] ?? "" }; });
}

function mkdirOk(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/**
 * bpf_get_work_dir: tc's hierarchy made in the bpffs, and the directory tc
 * expands `m:NAME` under ("MNT/tc/" for cls and act programs, so
 * `m:NAME` becomes "MNT/tc//NAME" as in tc). Throws NoBpffsError.
 */
export function bpfWorkDir(subdir = "tc"): string {
  const mnt = findBpffs();
  if (mnt === undefined) throw new NoBpffsError("no bpf filesystem is mounted (tc would mount one at /sys/fs/bpf)");
  const base = `${mnt}/`;
  mkdirOk(`${base}tc/`);
  mkdirOk(`${base}tc/globals/`);
  for (const name of ["xdp", "ip"]) {
    try {
      symlinkSync(`${base}tc/`, `${base}${name}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (!lstatSync(`${base}${name}`).isSymbolicLink()) mkdirOk(`${base}${name}/globals/`);
    }
  }
  return `${base}${subdir}/`;
}

/** A pinned path as tc's bpf_obj_get reads it: "m:NAME" (longer than 2) is NAME under the work dir. */
export function expandPinnedPath(path: string, subdir = "tc"): string {
  if (path.length > 2 && path.startsWith("m:")) return `${bpfWorkDir(subdir)}/${path.slice(2)}`;
  return path;
}
