/**
 * tc 6.1's own printers on crafted messages (kinds this kernel lacks):
 * - `tcMonitorFile`: `tc monitor file F` (tc_monitor.c, libnetlink.c
 *   rtnl_from_file reads nlmsghdr after nlmsghdr, NLMSG_ALIGNed, and prints
 *   each with print_filter/print_qdisc/print_class; text only, tc opens no
 *   JSON writer in monitor);
 * - `tcShowOnDump`: a `tc ... show` command whose dump answer is replaced
 *   by the messages (LD_PRELOAD shim fake/dump-preload.c, compiled here
 *   with the system C compiler), which gives tc's text and -json output.
 * Both take RTM_NEW* messages encoded with the kernel-layout codecs
 * (`encodeTc`). Nothing is sent to the kernel but tc's own read-only dump
 * request (answered, then replaced by the shim).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMessage } from "../../codecs/core/header.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";

const dir = mkdtempSync(join(tmpdir(), "tc-fake-dump-"));
let shim: string | null | undefined;

/** Path of the compiled shim, or null when there is no C compiler or tc (outside CI; under CI=true it throws). */
export function fakeDumpShim(): string | null {
  if (shim !== undefined) return shim;
  const out = join(dir, "dump-preload.so");
  try {
    execFileSync("tc", ["-V"], { stdio: "ignore" });
    execFileSync("cc", ["-shared", "-fPIC", "-O1", "-o", out, join(import.meta.dirname, "fake", "dump-preload.c"), "-ldl"], { stdio: "pipe" });
    shim = existsSync(out) ? out : null;
  } catch {
    shim = null;
  }
  // CI installs a C compiler (.ci/run): there, a missing shim is a failure, not a skip
  if (shim === null && process.env.CI === "true") throw new Error("tc fake-dump shim: cannot build test/tc/fake/dump-preload.c with cc (install gcc and libc6-dev)");
  return shim;
}

/** One complete netlink message: nlmsghdr (type, flags 0) + the codec's payload. */
export function encodeTc<T>(codec: MessageCodec<T>, type: number, msg: T, flags = 0): Uint8Array {
  const w = new NlWriter();
  codec.encode(w, msg);
  return encodeMessage({ type, flags, seq: 0, pid: 0 }, w.buf.slice(0, w.pos));
}

let n = 0;
function file(messages: readonly Uint8Array[]): string {
  const f = join(dir, `msgs-${n++}.bin`);
  writeFileSync(f, Buffer.concat(messages.map((m) => Buffer.from(m))));
  return f;
}

/** `tc [opts] monitor file F`: stdout (stderr must be empty). */
export function tcMonitorFile(messages: readonly Uint8Array[], opts: readonly string[] = []): string {
  const r = spawnSync("tc", [...opts, "monitor", "file", file(messages)], { encoding: "utf8" });
  if (r.status !== 0 || r.stderr) throw new Error(`tc monitor file: status ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** `tc ARGS` (a show command) with its dump answer replaced by `messages`: stdout. */
export function tcShowOnDump(messages: readonly Uint8Array[], args: readonly string[]): string {
  const so = fakeDumpShim();
  if (so === null) throw new Error("no C compiler for the fake dump shim");
  const r = spawnSync("tc", args, { encoding: "utf8", env: { ...process.env, LD_PRELOAD: so, TC_FAKE_DUMP: file(messages) } });
  if (r.status !== 0 || r.stderr) throw new Error(`tc ${args.join(" ")}: status ${r.status}: ${r.stderr}`);
  return r.stdout;
}
