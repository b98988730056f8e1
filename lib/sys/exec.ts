/**
 * Replacing the current process image (execvp(3)) from Bun, for helper child
 * processes such as the `ip netns exec` counterpart in lib/netns. The calling
 * (JS) thread's namespaces are what the new program runs in: execve(2) keeps
 * the exec'ing thread and ends the others.
 */
import { ptr } from "bun:ffi";
import { F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, O_NONBLOCK, SIGPIPE, SIGXFSZ } from "./constants.ts";
import { cString, libc, throwErrno } from "./libc.ts";

/**
 * Undo process state Bun sets up that a plain exec'd program would not expect
 * (call right before {@link execvp}): SIGPIPE and SIGXFSZ are ignored by Bun
 * and ignored dispositions survive execve(2), so they are reset to SIG_DFL
 * (signal(2)); fds 0-2 lose O_NONBLOCK and FD_CLOEXEC (fcntl(2)).
 */
export function resetProcessForExec(): void {
  for (const sig of [SIGPIPE, SIGXFSZ]) libc.signal(sig, null); // SIG_DFL == NULL
  for (const fd of [0, 1, 2]) {
    const fl = libc.fcntl(fd, F_GETFL, 0);
    if (fl >= 0 && (fl & O_NONBLOCK) !== 0) libc.fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    const fdfl = libc.fcntl(fd, F_GETFD, 0);
    if (fdfl >= 0 && (fdfl & FD_CLOEXEC) !== 0) libc.fcntl(fd, F_SETFD, fdfl & ~FD_CLOEXEC);
  }
}

/**
 * execvp(3): run `file` (searched in PATH when it has no "/") with `argv`
 * (argv[0] included) and the current environment. Only returns by throwing
 * SyscallError("execvp", file as context), e.g. ENOENT or EACCES.
 */
export function execvp(file: string, argv: readonly string[]): never {
  if (!Array.isArray(argv) || argv.length === 0) throw new TypeError("argv must be a non-empty array of strings");
  const strings = argv.map((a, i) => cString(a, `argv[${i}]`));
  // char *argv[]: one pointer per string, then NULL. `strings` stays referenced
  // until execvp returns, so the pointers stay valid.
  const vec = new BigUint64Array(strings.length + 1);
  strings.forEach((s, i) => (vec[i] = BigInt(ptr(s))));
  libc.execvp(cString(file, "file"), ptr(vec));
  throwErrno("execvp", file);
}

/** unsetenv(3): remove `name` from the environment an exec'd program inherits. */
export function unsetenv(name: string): void {
  if (libc.unsetenv(cString(name, "name")) !== 0) throwErrno("unsetenv", name);
}
