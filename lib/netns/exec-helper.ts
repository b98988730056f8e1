/**
 * Child-process side of {@link execInNetns}: run by a fresh `bun` as
 *   bun exec-helper.ts <netns-path> <name> <cwd> -- <file> [args...]
 * or, bundled (dist/), as `bun -e <source> -- <netns-path> ...`;
 * it does what `ip netns exec` does (iproute2 lib/namespace.c netns_switch)
 * on its JS thread (enter-for-exec.ts), then execvp(3)s the program, which inherits that thread's
 * namespaces (execve(2) keeps only the calling thread):
 *   1. setns(2) into the network namespace;
 *   2. unshare(CLONE_NEWNS) — allowed in a multithreaded process, it gives this
 *      thread a private mount namespace — and make "/" MS_SLAVE|MS_REC so the
 *      mounts below do not propagate back to the host;
 *   3. umount2("/sys", MNT_DETACH) and mount a fresh sysfs, which then
 *      describes the new network namespace (read-only if /sys was and could
 *      not be unmounted);
 *   4. bind-mount each /etc/netns/<name>/<entry> over /etc/<entry>;
 *   5. chdir, reset signal dispositions Bun changed, drop BUN_BE_BUN (set when
 *      a compiled executable was asked to act as bun), execvp.
 * Setup failures print a message and exit 255 (as `ip netns exec` does);
 * exec failures exit 127 (ENOENT) or 126 (other), like env(1).
 */
import { writeSync } from "node:fs";
import { execvp, resetProcessForExec, unsetenv } from "../sys/exec.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { enterNetnsForExec } from "./enter-for-exec.ts";

function fail(message: string, code: number): never {
  writeSync(2, `${message}\n`);
  process.exit(code);
}

function main(args: string[]): never {
  const sep = args.indexOf("--");
  const [netnsPath, name, cwd] = args;
  const argv = args.slice(sep + 1);
  if (sep !== 3 || netnsPath === undefined || name === undefined || cwd === undefined || argv.length === 0) {
    fail("usage: exec-helper <netns-path> <name> <cwd> -- <file> [args...]", 255);
  }
  try {
    enterNetnsForExec(netnsPath, name);
  } catch (e) {
    fail(`bun-netlink: cannot enter network namespace "${name}": ${(e as Error).message}`, 255);
  }
  try {
    process.chdir(cwd);
  } catch (e) {
    fail(`bun-netlink: chdir ${cwd}: ${(e as Error).message}`, 255);
  }
  const file = argv[0] as string;
  resetProcessForExec();
  unsetenv("BUN_BE_BUN");
  try {
    execvp(file, argv);
  } catch (e) {
    const enoent = e instanceof SyscallError && e.code === "ENOENT";
    const why = e instanceof SyscallError ? e.message.replace(/^.*?: /, "") : String(e);
    fail(`exec of "${file}" failed: ${why}`, enoent ? 127 : 126);
  }
}

// argv is [bun, script, ...args] from a file and [bun, ...args] under -e: the
// arguments are the three before the first "--" and everything after it.
main(process.argv.slice(Math.max(process.argv.indexOf("--") - 3, 0)));
