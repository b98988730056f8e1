/**
 * The error thrown for a failed libc call. Pure TypeScript (no bun:ffi) so any
 * layer can `instanceof`-check it without pulling in FFI.
 */
import { errnoMessage, errnoName } from "./errno.ts";

/**
 * A system call failed: `syscall` is the libc function name, `errno` the
 * positive error number read from `errno` (see errno(3)) right after the call,
 * `code` its name (`"EINVAL"`). The message reads
 * `setns: EINVAL (Invalid argument)`, or with context
 * `open /x/y: ENOENT (No such file or directory)`.
 */
export class SyscallError extends Error {
  /** The libc function that failed, e.g. `"setns"`. */
  readonly syscall: string;
  /** Positive errno value, e.g. 22. */
  readonly errno: number;
  /** Errno name, e.g. `"EINVAL"` (`"E<n>"` for numbers without a name). */
  readonly code: string;
  /** Optional extra context (a path, a socket option) shown after the syscall name. */
  readonly context: string | undefined;

  constructor(syscall: string, errno: number, context?: string) {
    const code = errnoName(errno);
    const where = context === undefined || context === "" ? syscall : `${syscall} ${context}`;
    super(`${where}: ${code} (${errnoMessage(errno)})`);
    this.name = "SyscallError";
    this.syscall = syscall;
    this.errno = errno < 0 ? -errno : errno;
    this.code = code;
    this.context = context;
  }
}

/** True when `e` is a {@link SyscallError} whose code is one of `codes`. */
export function isSyscallError(e: unknown, ...codes: string[]): e is SyscallError {
  return e instanceof SyscallError && (codes.length === 0 || codes.includes(e.code));
}
