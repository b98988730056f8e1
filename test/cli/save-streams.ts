/**
 * Helpers of the save/restore stream tests (route, rule): ip and the CLI
 * run as processes on bytes (stdin through a pipe, stdout kept as bytes),
 * and a saved stream with the fields only the dumping socket decides
 * (every nlmsg_seq and nlmsg_pid) zeroed.
 */
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../cli/bun-netlink", import.meta.url));

/** A finished process: status, stdout bytes, stderr text. */
export interface Out { code: number; out: Uint8Array; err: string }

/** Run `cmd` with `stdin` (bytes, or nothing). */
export function run(cmd: string[], stdin?: Uint8Array): Out {
  const r = Bun.spawnSync({ cmd, stdin: stdin ?? "ignore", stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: new Uint8Array(r.stdout), err: r.stderr.toString() };
}

/** iproute2's ip. */
export const ipx = (argv: string[], stdin?: Uint8Array): Out => run(["ip", ...argv], stdin);

/** bun-netlink's CLI from source, in a process of its own. */
export const ours = (argv: string[], stdin?: Uint8Array): Out => run([process.execPath, BIN, ...argv], stdin);

/** The CLI's entry script (for tests that start it themselves). */
export const CLI_BIN = BIN;

/** Bytes as UTF-8 text. */
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** stdout of a run that must have succeeded. */
export function ok(r: Out): Uint8Array {
  if (r.code !== 0) throw new Error(`failed (${r.code}): ${r.err}`);
  return r.out;
}

/** A saved stream (after its 4-byte magic) as hex with every nlmsg_seq and nlmsg_pid zeroed; a JSON tail after the messages is kept. */
export function noSeqPid(b: Uint8Array): string {
  const c = b.slice();
  const dv = new DataView(c.buffer);
  for (let off = 4; off + 16 <= c.length; off += (dv.getUint32(off, true) + 3) & ~3) c.fill(0, off + 8, off + 16);
  return Buffer.from(c).toString("hex");
}
