/**
 * Raw libc bindings through bun:ffi (glibc or musl, whichever loads first). Everything else in lib/sys wraps these in
 * typed functions that throw {@link SyscallError}; nothing outside lib/sys
 * should import this file.
 *
 * Conventions: pointers are passed as numbers from `ptr()` (or TypedArrays),
 * `size_t` as u64, `ssize_t` returns as i64_fast (a plain number for every
 * value a socket call can return). errno is read with `__errno_location()`
 * immediately after a failing call, on the same (JS) thread; the pointer is not
 * cached, because it is thread-local and a Worker runs on another thread.
 */
import { dlopen, FFIType, read } from "bun:ffi";
import { libcCandidates, openLibc } from "./libc-names.ts";
import { SyscallError } from "./syscall-error.ts";

export { libcCandidates, openLibc };

/** The libc symbols every command uses (see each function's man page); glibc and musl both export all of them. */
const core = openLibc(libcCandidates(), (name) =>
  dlopen(name, {
    // socket(2), bind(2), getsockname(2), setsockopt(2)/getsockopt(2)
    socket: { args: ["i32", "i32", "i32"], returns: "i32" },
    bind: { args: ["i32", "ptr", "u32"], returns: "i32" },
    getsockname: { args: ["i32", "ptr", "ptr"], returns: "i32" },
    setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" },
    getsockopt: { args: ["i32", "i32", "i32", "ptr", "ptr"], returns: "i32" },
    // sendto(2), recvmsg(2): ssize_t results
    sendto: { args: ["i32", "ptr", "u64", "i32", "ptr", "u32"], returns: FFIType.i64_fast },
    // recvmsg(2): one read into two buffers (the socket's, then a shared overflow area)
    recvmsg: { args: ["i32", "ptr", "i32"], returns: FFIType.i64_fast },
    // poll(2), close(2), fcntl(2) (variadic; called with one int argument)
    poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
    close: { args: ["i32"], returns: "i32" },
    fcntl: { args: ["i32", "i32", "i32"], returns: "i32" },
    // setns(2), open(2) (variadic mode argument): -n NS
    setns: { args: ["i32", "i32"], returns: "i32" },
    open: { args: ["ptr", "i32", "u32"], returns: "i32" },
    // read(2), write(2): output and /etc/iproute2 files without node:fs (fileio.ts)
    read: { args: ["i32", "ptr", "u64"], returns: FFIType.i64_fast },
    write: { args: ["i32", "ptr", "u64"], returns: FFIType.i64_fast },
    // opendir(3), readdir(3), closedir(3): directory listings without node:fs (fileio.ts)
    opendir: { args: ["ptr"], returns: "ptr" },
    readdir: { args: ["ptr"], returns: "ptr" },
    closedir: { args: ["ptr"], returns: "i32" },
    // malloc(3): the netlink receive overflow area, outside the JS heap (netlink-socket.ts)
    malloc: { args: ["u64"], returns: "ptr" },
    // errno(3): address of the calling thread's errno
    __errno_location: { args: [], returns: "ptr" },
  }),
).symbols;

/**
 * The symbols only namespace management, the exec helper, the event
 * wake-up and tun/tap devices use: bound by a second dlopen on first use, because bun:ffi
 * compiles a trampoline per symbol (~0.1 ms each) and a one-shot command
 * (`-n NS link show`) needs none of them.
 */
function openRare() {
  return openLibc(libcCandidates(), (name) =>
    dlopen(name, {
      // unshare(2), mount(2), umount2(2), unlink(2), statvfs(3): netns add/delete
      unshare: { args: ["i32"], returns: "i32" },
      mount: { args: ["ptr", "ptr", "ptr", "u64", "ptr"], returns: "i32" },
      umount2: { args: ["ptr", "i32"], returns: "i32" },
      unlink: { args: ["ptr"], returns: "i32" },
      statvfs: { args: ["ptr", "ptr"], returns: "i32" },
      // gettid(2), getpid(2)
      gettid: { args: [], returns: "i32" },
      getpid: { args: [], returns: "i32" },
      // execvp(3), signal(2): used by the exec-in-namespace helper right before exec
      execvp: { args: ["ptr", "ptr"], returns: "i32" },
      signal: { args: ["i32", "ptr"], returns: "ptr" },
      // unsetenv(3): the helper drops BUN_BE_BUN from the environment the program inherits
      unsetenv: { args: ["ptr"], returns: "i32" },
      // eventfd(2): a wake-up fd for threads blocked in poll(2)
      eventfd: { args: ["u32", "i32"], returns: "i32" },
      // ioctl(2) (variadic; bound with the third argument as a 64-bit integer: an int value, or a pointer from ptr()): tun/tap
      ioctl: { args: ["i32", "u64", "u64"], returns: "i32" },
      // syscall(2) (variadic; six integer arguments): fsopen/fsconfig/fsmount, which musl does not wrap (sysfs.ts)
      syscall: { args: ["i64", "i64", "i64", "i64", "i64", "i64"], returns: FFIType.i64_fast },
      // getpwnam(3), getgrnam(3): user and group names of tun/tap owners (users.ts)
      getpwnam: { args: ["ptr"], returns: "ptr" },
      getgrnam: { args: ["ptr"], returns: "ptr" },
      // getpwuid(3), getgrgid(3): the names `ip -d link` prints for a tun/tap device's owner and group
      getpwuid: { args: ["u32"], returns: "ptr" },
      getgrgid: { args: ["u32"], returns: "ptr" },
    }),
  ).symbols;
}
type Rare = ReturnType<typeof openRare>;
const RARE_NAMES = ["unshare", "mount", "umount2", "unlink", "statvfs", "gettid", "getpid", "execvp", "signal", "unsetenv", "eventfd", "ioctl", "syscall", "getpwnam", "getgrnam", "getpwuid", "getgrgid"] as const;
// every symbol of openRare() is named above (a compile error otherwise)
type Missing = Exclude<keyof Rare, (typeof RARE_NAMES)[number]>;
const allNamed: [Missing] extends [never] ? true : Missing = true;
void allNamed;
let rare: Rare | undefined;

/** The raw libc functions (no error handling). Internal to lib/sys. The rarely used ones are bound on first use. */
export const libc = core as typeof core & Rare;
// configurable: a test harness may put a function of its own in their place (test/badinput/harness.ts)
for (const name of RARE_NAMES) Object.defineProperty(libc, name, { get: () => (rare ??= openRare())[name], enumerable: true, configurable: true });

/** Read the calling thread's errno (errno(3)); call right after a failing libc call. */
export function lastErrno(): number {
  const p = libc.__errno_location();
  return p === null ? 0 : read.i32(p, 0);
}

/** Throw a {@link SyscallError} for `syscall` with the current errno. */
export function throwErrno(syscall: string, context?: string): never {
  throw new SyscallError(syscall, lastErrno(), context);
}

const encoder = new TextEncoder();

/**
 * Encode `s` as a NUL-terminated UTF-8 C string in a fresh buffer. Throws a
 * TypeError naming `field` if `s` is not a string or contains a NUL byte.
 */
export function cString(s: string, field: string): Uint8Array {
  if (typeof s !== "string") throw new TypeError(`${field} must be a string, got ${typeof s}`);
  if (s.includes("\0")) throw new TypeError(`${field} must not contain a NUL byte`);
  const bytes = encoder.encode(s);
  const out = new Uint8Array(new ArrayBuffer(bytes.length + 1));
  out.set(bytes);
  return out;
}
