/**
 * `ip netns exec NAME CMD...` (ip/ipnetns.c netns_exec, lib/exec.c cmd_exec
 * of iproute2 6.1). Run as the program (the Io is the process's own fds),
 * it does what ip does: switch this thread into the namespace
 * (netns_switch: lib/netns/enter-for-exec.ts) and execvp in place, so the
 * program keeps ip's pid, stdin, stdout, stderr and signals (a script's
 * `echo 1 | ip netns exec NS tee FILE` or `ip netns exec NS cmd &` then
 * `kill $!`); under -batch ip forks and waits, here the exec helper runs
 * with the same stdout and no input (ip's stdin is the batch it has read
 * already; the helper's stderr passes through ours, where its exec error
 * takes ip's words). An in-memory Io (tests, embedding) gets the helper
 * with captured output and its stdin text.
 */
import { execInNetns } from "../lib/netns/exec.ts";
import { enterNetnsForExec } from "../lib/netns/enter-for-exec.ts";
import { DEFAULT_NETNS_BASE } from "../lib/netns/names.ts";
import { NetnsHandle } from "../lib/netns/handle.ts";
import { execvp, resetProcessForExec } from "../lib/sys/exec.ts";
import type { Ctx } from "./context.ts";
import { CliError, strerror } from "./errors.ts";

/** The errno of a SyscallError-like value, if it has one. */
const errnoOf = (e: unknown) => (e as { errno?: number }).errno;

/** Run `argv` in namespace `name` (already checked to open); returns ip's exit status. */
export function netnsExec(ctx: Ctx, name: string, argv: string[]): number {
  if (ctx.io.processStdio && ctx.opts.batch === undefined) return execInPlace(ctx, name, argv);
  const r = execInNetns(name, argv, ctx.io.processStdio ? { inheritStdout: true } : { stdin: ctx.opts.batch === undefined ? ctx.io.readStdin() : "" });
  ctx.io.out(r.stdout);
  // the exec helper names the errno; ip prints strerror only
  ctx.io.err(r.stderr.replace(/^(exec of ".*" failed: )E[A-Z0-9]+ \((.*)\)$/m, "$1$2"));
  if (r.exitCode === null) return 128 + 9;
  return r.exitCode === 127 || r.exitCode === 126 ? 1 : r.exitCode;
}

/** cmd_exec without fork: netns_switch, then execvp; returns only when the exec failed (status 1, as ip's _exit(1)). */
function execInPlace(ctx: Ctx, name: string, argv: string[]): number {
  const path = `${DEFAULT_NETNS_BASE}/${name}`;
  try {
    NetnsHandle.fromPath(path).close();
    enterNetnsForExec(path, name);
  } catch (e) {
    const errno = errnoOf(e);
    throw new CliError(`setting the network namespace "${name}" failed: ${errno !== undefined ? strerror(errno) : (e as Error).message}\n`, 255, true);
  }
  resetProcessForExec();
  const file = argv[0]!;
  try {
    execvp(file, argv);
  } catch (e) {
    const errno = errnoOf(e);
    ctx.io.err(`exec of "${file}" failed: ${errno !== undefined ? strerror(errno) : (e as Error).message}\n`);
  }
  return 1;
}
