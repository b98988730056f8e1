/**
 * ioctl(2) as typed functions that throw {@link SyscallError}: with an int
 * argument, or with a pointer to a buffer the kernel reads or fills. The
 * error's `syscall` is "ioctl" and its `context` the request's name
 * (e.g. "TUNSETIFF"), so a caller can print perror's `ioctl(TUNSETIFF): ...`.
 */
import { ptr } from "bun:ffi";
import { lastErrno, libc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";

function checkRequest(fd: number, request: number): void {
  if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff) throw new RangeError(`fd must be a non-negative int, got ${String(fd)}`);
  if (!Number.isInteger(request) || request < 0 || request > 0xffffffff) throw new RangeError(`request must be an unsigned 32-bit integer, got ${String(request)}`);
}

/** ioctl(fd, request, arg) with an integer argument (0..2^32-1, passed as the kernel's unsigned long); returns the result. */
export function ioctlInt(fd: number, request: number, arg: number, name: string): number {
  checkRequest(fd, request);
  if (!Number.isInteger(arg) || arg < 0 || arg > 0xffffffff) throw new RangeError(`arg must be an unsigned 32-bit integer, got ${String(arg)}`);
  const r = libc.ioctl(fd, request, arg);
  if (r < 0) throw new SyscallError("ioctl", lastErrno(), name);
  return r;
}

/** ioctl(fd, request, buf) with a pointer to `buf` (the kernel may read and write it); returns the result. */
export function ioctlPtr(fd: number, request: number, buf: Uint8Array, name: string): number {
  checkRequest(fd, request);
  if (!(buf instanceof Uint8Array) || buf.length === 0) throw new TypeError("buf must be a non-empty Uint8Array");
  const r = libc.ioctl(fd, request, ptr(buf));
  if (r < 0) throw new SyscallError("ioctl", lastErrno(), name);
  return r;
}
