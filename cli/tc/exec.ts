/**
 * `tc exec` (tc 6.1 tc_exec.c and e_bpf.c with lib/bpf_legacy.c
 * bpf_graft_map): `exec help`, an unknown EXEC_TYPE (tc accepts it without
 * options, refuses options), and `exec bpf`: `graft MAP_FILE [key KEY]
 * object-pinned PROG_FILE` puts a pinned program into a pinned program
 * array (BPF_OBJ_GET twice, the map checked against /proc/self/fdinfo as
 * bpf_map_selfcheck_pinned does, BPF_MAP_UPDATE_ELEM), with tc's usage
 * texts, errors and exit statuses (a negative errno as tc's return value:
 * -EINVAL exits 234); `graft ... object-file OBJ [type cls|act] [section S]`
 * loads the program from an ELF object (lib/bpf/object.ts) and infers the
 * key from a "%*i/%i" section; `m:NAME` paths are under tc's bpffs work
 * dir. `debug` copies tracefs' trace_pipe to stderr as bpf_trace_pipe does.
 * `import UDS_FILE [run CMD]` receives map fds from an agent over a unix
 * datagram socket and execs CMD with BPF_NUM_MAPS / BPF_MAP<id>=<fd>.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { bpfClose, bpfMapUpdate, bpfObjGet } from "../../lib/sys/bpf.ts";
import { BpfObjectError, loadBpfObject } from "../../lib/bpf/object.ts";
import { NoBpffsError, expandPinnedPath } from "../../lib/bpf/workdir.ts";
import { isSyscallError } from "../../lib/sys/syscall-error.ts";
import { BpfUdsError, bpfRecvMapFds, setenvForExec } from "../../lib/sys/bpf-uds.ts";
import { execvp, resetProcessForExec } from "../../lib/sys/exec.ts";
import { matches } from "../args.ts";
import { CliError, strerror } from "../errors.ts";
import type { TcCtx } from "./context.ts";

const USAGE = "Usage: tc exec [ EXEC_TYPE ] [ help | OPTIONS ]\nWhere:\nEXEC_TYPE := { bpf | etc. }\nOPTIONS := ... try tc exec <desired EXEC_KIND> help\n";

/** e_bpf.c explain() (BPF_DEFAULT_CMD "/bin/sh"). */
const BPF_EXPLAIN = "Usage: ... bpf [ import UDS_FILE ] [ run CMD ]\n       ... bpf [ debug ]\n       ... bpf [ graft MAP_FILE ] [ key KEY ]\n" +
  "          `... [ object-file OBJ_FILE ] [ type TYPE ] [ section NAME ] [ verbose ]\n          `... [ object-pinned PROG_FILE ]\n\n" +
  "Where UDS_FILE provides the name of a unix domain socket file\nto import eBPF maps and the optional CMD denotes the command\n" +
  "to be executed (default: '/bin/sh').\nWhere MAP_FILE points to a pinned map, OBJ_FILE to an object file\n" +
  "and PROG_FILE to a pinned program. TYPE can be {cls, act}, where\n'cls' is default. KEY is optional and can be inferred from the\n" +
  "section name, otherwise it needs to be provided.\n";

const EINVAL = 22;
const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);
/** A failure printed as `msg`, exiting with tc's return value `ret` (& 0xff). */
const failed = (msg: string, ret = -1) => new CliError(msg, ret & 0xff, true);

/** __bpf_prog_meta: type word, BPF_PROG_TYPE number and default section, in index order. */
const PROG_META: Array<[string, number, string, string]> = [
  ["cls", 3, "classifier", "tc"], ["act", 4, "action", "tc"], ["xdp", 6, "prog", "xdp"], ["lwt_in", 10, "prog", "ip"], ["lwt_out", 11, "prog", "ip"], ["lwt_xmit", 12, "prog", "ip"], ["lwt_seg6local", 19, "prog", "ip"],
];

/** bpf_obj_get's path: "m:NAME" under tc's bpffs work dir (lib/bpf/workdir.ts); errors as a failed BPF_OBJ_GET. */
function pinnedPath(path: string, subdir: string): string {
  try {
    return expandPinnedPath(path, subdir);
  } catch (e) {
    if (e instanceof NoBpffsError) throw failed(`bun-netlink-tc: ${path}: ${e.message}\n`);
    throw e;
  }
}

/** get_unsigned(..., 0): strtoul base 0, whole string, <= UINT_MAX. */
function unsignedArg(v: string): number | undefined {
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(v)) n = Number.parseInt(v, 16);
  else if (/^0[0-7]*$/.test(v)) n = Number.parseInt(v, 8);
  else if (/^\d+$/.test(v)) n = Number(v);
  else return undefined;
  return n > 0xffffffff ? undefined : n;
}

/** A C integer as %i reads it (sign, 0x hex, 0 octal, decimal). */
function cInt(t: string): number {
  const neg = t.startsWith("-");
  const u = t.replace(/^[+-]/, "");
  const n = /^0[xX]/.test(u) ? Number.parseInt(u.slice(2), 16) : u.length > 1 && u.startsWith("0") ? Number.parseInt(u, 8) : Number(u);
  return neg ? -n : n;
}

/** bpf_map_selfcheck_pinned against { type PROG_ARRAY, key 4, value 4 } from the fd's fdinfo; returns the text tc prints and whether it passes. */
function selfcheck(fd: number, progType: number, path: string): { err: string; ok: boolean } {
  let text: string;
  try {
    text = readFileSync(`/proc/self/fdinfo/${fd}`, "utf8");
  } catch {
    return { err: "No procfs support?!\n", ok: false };
  }
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\t(0x[0-9a-f]+|\\d+)`, "m").exec(text);
    return m ? Number(m[1]) : 0;
  };
  const pin = { type: field("map_type"), key: field("key_size"), value: field("value_size"), max: field("max_entries"), flags: field("map_flags") };
  let err = "";
  const owner = field("owner_prog_type");
  if (owner && owner !== progType) err += `Program array map owner types differ: ${progType} (obj) != ${owner} (pin)\n`;
  const obj = { type: 3, key: 4, value: 4, max: 0, flags: 0 };
  if (pin.type === obj.type && pin.key === obj.key && pin.value === obj.value) return { err, ok: true };
  if (pin.type === 0 && pin.key === 0 && pin.value === 0) return { err, ok: true };
  err += "Map specification differs from pinned file!\n";
  if (obj.type !== pin.type) err += ` - Type:         ${obj.type} (obj) != ${pin.type} (pin)\n`;
  if (obj.key !== pin.key) err += ` - Size key:     ${obj.key} (obj) != ${pin.key} (pin)\n`;
  if (obj.value !== pin.value) err += ` - Size value:   ${obj.value} (obj) != ${pin.value} (pin)\n`;
  if (obj.max !== pin.max) err += ` - Max elems:    ${obj.max} (obj) != ${pin.max} (pin)\n`;
  if (obj.flags !== pin.flags) err += ` - Flags:        ${obj.flags ? `0x${obj.flags.toString(16)}` : "0"} (obj) != ${pin.flags ? `0x${pin.flags.toString(16)}` : "0"} (pin)\n`;
  return { err: `${err}\nMap '${path}' self-check failed!\n`, ok: false };
}

/** bpf_graft_map: the words after `graft MAP_FILE [key KEY]` (bpf_do_parse with object-file/object-pinned). */
function graft(ctx: TcCtx, mapPath: string, key: number | undefined, a: string[]): void {
  const mode = a[0]!;
  let i = 0;
  const object = matches(mode, "object-file") || mode === "obj";
  if (!object && !(matches(mode, "object-pinned") || matches(mode, "pinned") || matches(mode, "fd"))) throw failed(`What mode is "${mode}"?\n`);
  const file = a[++i];
  if (file === undefined) throw incomplete();
  i++;
  let progType = 3;
  let section = "classifier";
  let subdir = "tc";
  let program: string | undefined;
  if (i < a.length && matches(a[i]!, "type")) {
    const t = a[++i];
    if (t === undefined) throw incomplete();
    const meta = PROG_META.find(([name]) => matches(t, name));
    if (meta === undefined) throw failed(`What type is "${t}"?\n`);
    progType = meta[1];
    section = meta[2];
    subdir = meta[3];
    i++;
  } else section = "classifier";
  if (i < a.length && matches(a[i]!, "section")) { const s = a[++i]; if (s === undefined) throw incomplete(); section = s; i++; }
  if (i < a.length && a[i] === "program") { const p = a[++i]; if (p === undefined) throw incomplete(); program = p; i++; }
  if ((progType === 3 || progType === 4) && i < a.length && process.env.TC_BPF_UDS === undefined && matches(a[i]!, "export")) { if (a[++i] === undefined) throw incomplete(); i++; }
  const verbose = i < a.length && matches(a[i]!, "verbose");
  let progFd: number;
  if (object) {
    if (progType !== 3 && progType !== 4) throw failed(`bun-netlink-tc: exec bpf graft object-file of type ${PROG_META.find((m) => m[1] === progType)![0]} is not supported (cls and act are)\n`);
    try {
      const r = loadBpfObject({ file, type: progType, section, program, verbose });
      progFd = r.fd;
      // libbpf reports skipped tail-call sections before and after loading
      if (r.warnings) ctx.io.err(r.warnings);
    } catch (e) {
      if (e instanceof BpfObjectError) throw failed(e.message, e.ret);
      throw e;
    }
  } else {
    try {
      progFd = bpfObjGet(pinnedPath(file, subdir));
    } catch (e) {
      if (isSyscallError(e)) throw failed(`Couldn't retrieve pinned program '${file}': ${strerror(e.errno)}\n`);
      throw e;
    }
  }
  try {
    let mapKey = key;
    if (mapKey === undefined) {
      // sscanf(section, "%*i/%i")
      const INT = "[+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\\d*)";
      const m = new RegExp(`^\\s*${INT}\\/\\s*(${INT})`).exec(section);
      if (!m) throw failed("Couldn't infer map key from section name! Please provide 'key' argument!\n", -EINVAL);
      mapKey = cInt(m[1]!) >>> 0;
    }
    let mapFd: number;
    try {
      mapFd = bpfObjGet(pinnedPath(mapPath, subdir));
    } catch (e) {
      if (isSyscallError(e)) throw failed(`Couldn't retrieve pinned map '${mapPath}': ${strerror(e.errno)}\n`);
      throw e;
    }
    try {
      const check = selfcheck(mapFd, progType, mapPath);
      if (check.err) ctx.io.err(check.err);
      if (!check.ok) throw failed("", -EINVAL);
      const k = new Uint8Array(4), v = new Uint8Array(4);
      new DataView(k.buffer).setUint32(0, mapKey, true);
      new DataView(v.buffer).setUint32(0, progFd, true);
      try {
        bpfMapUpdate(mapFd, k, v, 0);
      } catch (e) {
        if (isSyscallError(e)) throw failed(`Map update failed: ${strerror(e.errno)}\n`);
        throw e;
      }
    } finally {
      bpfClose(mapFd);
    }
  } finally {
    bpfClose(progFd);
  }
}

/** The tracefs mount (bpf_find_mntpt): /sys/kernel/tracing or /sys/kernel/debug/tracing when tracefs, else the first tracefs of /proc/mounts. */
function findTracefs(): string | undefined {
  let text = "";
  try {
    text = readFileSync("/proc/mounts", "utf8");
  } catch {
    return undefined;
  }
  const mounts = text.split("\n").map((l) => l.split(" ")).filter((f) => f[2] === "tracefs").map((f) => f[1]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
  for (const known of ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]) if (mounts.includes(known)) return known;
  return mounts[0];
}

/**
 * `exec bpf debug` (bpf_trace_pipe): copy tracefs' trace_pipe to stderr
 * until reading fails; tc then reports "No trace pipe" and exits 255
 * whatever happened.
 */
function tracePipe(ctx: TcCtx): void {
  const noPipe = "No trace pipe, tracefs not mounted?\n";
  const mnt = findTracefs();
  if (mnt === undefined) throw failed(`tracefs not mounted?\n${noPipe}`);
  let fd: number;
  try {
    fd = openSync(`${mnt}/trace_pipe`, "r");
  } catch {
    throw failed(noPipe);
  }
  ctx.io.err("Running! Hang up with ^C!\n\n");
  const buf = new Uint8Array(4096);
  const dec = new TextDecoder();
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf);
      } catch {
        break;
      }
      if (n <= 0) break;
      ctx.io.err(dec.decode(buf.subarray(0, n), { stream: true }));
    }
  } finally {
    closeSync(fd);
  }
  throw failed(noPipe);
}

/** e_bpf.c parse_bpf. */
function execBpf(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) return;
  let imported: string | undefined;
  let run: string[] | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "run")) {
      if (a[i + 1] === undefined) throw incomplete();
      run = a.slice(i + 1);
      break;
    } else if (matches(w, "import")) {
      const u = a[++i];
      if (u === undefined) throw incomplete();
      imported = u;
    } else if (matches(w, "debug") || matches(w, "dbg")) {
      return tracePipe(ctx);
    } else if (matches(w, "graft")) {
      const mapPath = a[++i];
      if (mapPath === undefined || a[i + 1] === undefined) throw incomplete();
      i++;
      let key: number | undefined;
      if (matches(a[i]!, "key")) {
        const v = a[++i];
        if (v === undefined) throw incomplete();
        key = unsignedArg(v);
        if (key === undefined) throw failed('Illegal "key"\n');
        if (a[++i] === undefined) throw incomplete();
      }
      return graft(ctx, mapPath, key, a.slice(i));
    } else throw failed(BPF_EXPLAIN);
  }
  if (imported === undefined) throw failed(`bpf: No import parameter provided!\n${BPF_EXPLAIN}`);
  return importMaps(imported, run ?? ["/bin/sh"]);
}

/**
 * `exec bpf import UDS [run CMD]` (e_bpf.c): receive the map fds an agent
 * sends (lib/sys/bpf-uds.ts), then exec CMD (default /bin/sh) with
 * BPF_NUM_MAPS and BPF_MAP<id>=<fd> added to the environment.
 */
function importMaps(uds: string, argv: string[]): never {
  let got;
  try {
    got = bpfRecvMapFds(uds);
  } catch (e) {
    if (e instanceof BpfUdsError) throw failed(`${e.message}\nbpf: Could not receive fds!\n`);
    throw e;
  }
  if (got.fds.length > 0) {
    setenvForExec("BPF_NUM_MAPS", String(got.maps.length));
    got.fds.forEach((fd, k) => setenvForExec(`BPF_MAP${got.maps[k]!.id}`, String(fd)));
  }
  resetProcessForExec();
  try {
    execvp(argv[0]!, argv);
  } catch {
    // execvpe failed: tc returns -1 without a word
  }
  throw failed("");
}

/** `tc exec ...` */
export function doExec(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) throw failed('No command given, try "tc exec help".\n');
  if (matches(a[0]!, "help")) { ctx.io.err(USAGE); return; }
  const kind = a[0]!.slice(0, 15);
  if (kind === "bpf") return execBpf(ctx, a.slice(1));
  if (a.length > 1) throw failed(`Unknown exec "${kind}", hence option "${a[1]}" is unparsable\n`);
}
