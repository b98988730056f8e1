/**
 * Namespace, mount and file-descriptor syscalls as typed functions that throw
 * {@link SyscallError}. They act on the calling thread (the JS thread): setns(2)
 * and unshare(2) change only that thread's namespaces.
 */
import { ptr } from "bun:ffi";
import { O_CLOEXEC, O_RDONLY, ST_RDONLY } from "./constants.ts";
import { cString, lastErrno, libc, throwErrno } from "./libc.ts";
import { Errno } from "./errno.ts";
import { SyscallError } from "./syscall-error.ts";

/** Reject a non-integer / out-of-int32 argument before any syscall. */
function checkInt(value: number, field: string): void {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${field} must be an integer, got ${String(value)}`);
  }
  if (value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`${field} must fit in a 32-bit int, got ${value}`);
  }
}

/**
 * Move the calling thread into the namespace referred to by `fd`; `nstype` is a
 * CLONE_NEW* constant or 0 for "any" (setns(2)). Throws SyscallError("setns"),
 * with `context` (e.g. the namespace path) in its message when given.
 */
export function setns(fd: number, nstype: number, context?: string): void {
  checkInt(fd, "fd");
  checkInt(nstype, "nstype");
  if (libc.setns(fd, nstype) !== 0) throwErrno("setns", context);
}

/**
 * Give the calling thread new namespaces / unshared attributes, `flags` being
 * CLONE_* bits (unshare(2)). Throws SyscallError("unshare").
 */
export function unshare(flags: number): void {
  checkInt(flags, "flags");
  if (libc.unshare(flags) !== 0) throwErrno("unshare");
}

/**
 * mount(2): attach `source` (or NULL) at `target` with file system type
 * `fstype` (or NULL), MS_* `flags` and optional fs-specific `data`.
 * Throws SyscallError("mount", target as context).
 */
export function mount(
  source: string | null,
  target: string,
  fstype: string | null,
  flags: number,
  data?: string | null,
): void {
  if (typeof flags !== "number" || !Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) {
    throw new RangeError(`flags must be an unsigned 32-bit integer, got ${String(flags)}`);
  }
  const src = source === null ? null : cString(source, "source");
  const tgt = cString(target, "target");
  const fs = fstype === null ? null : cString(fstype, "fstype");
  const dat = data === undefined || data === null ? null : cString(data, "data");
  if (libc.mount(src, tgt, fs, flags, dat) !== 0) throwErrno("mount", target);
}

/**
 * umount2(2): detach the mount at `target`; `flags` are MNT_* / UMOUNT_NOFOLLOW.
 * Throws SyscallError("umount2", target as context).
 */
export function umount2(target: string, flags: number): void {
  checkInt(flags, "flags");
  if (libc.umount2(cString(target, "target"), flags) !== 0) throwErrno("umount2", target);
}

/**
 * open(2) `path` and return the new fd. `flags` default to O_RDONLY|O_CLOEXEC
 * (pass O_CLOEXEC yourself when giving flags); `mode` is used with O_CREAT.
 * Throws SyscallError("open", path as context).
 */
export function openPath(path: string, flags: number = O_RDONLY | O_CLOEXEC, mode = 0): number {
  checkInt(flags, "flags");
  checkInt(mode, "mode");
  const fd = libc.open(cString(path, "path"), flags, mode);
  if (fd < 0) throwErrno("open", path);
  return fd;
}

/**
 * close(2) `fd`. EINTR is not retried (on Linux the fd is released anyway).
 * Throws SyscallError("close") on EBADF/EIO.
 */
export function closeFd(fd: number): void {
  checkInt(fd, "fd");
  if (libc.close(fd) !== 0) {
    const e = lastErrno();
    if (e !== Errno.EINTR) throw new SyscallError("close", e);
  }
}

/** unlink(2) `path`. Throws SyscallError("unlink", path as context). */
export function unlinkPath(path: string): void {
  if (libc.unlink(cString(path, "path")) !== 0) throwErrno("unlink", path);
}

/** fcntl(2) with an int (or no) argument, e.g. F_GETFD; returns the result. Throws SyscallError("fcntl"). */
export function fcntl(fd: number, cmd: number, arg = 0): number {
  checkInt(fd, "fd");
  checkInt(cmd, "cmd");
  checkInt(arg, "arg");
  const r = libc.fcntl(fd, cmd, arg);
  if (r < 0) throwErrno("fcntl");
  return r;
}

/** statvfs(3): whether the file system holding `path` is mounted read-only (ST_RDONLY). */
export function isReadOnlyFs(path: string): boolean {
  // struct statvfs (bits/statvfs.h, 64-bit): f_bsize, f_frsize, f_blocks,
  // f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid (8 bytes each), then
  // f_flag at byte 72 (index 9), f_namemax, spare ints: 112 bytes in all.
  const buf = new BigUint64Array(16);
  if (libc.statvfs(cString(path, "path"), ptr(buf)) !== 0) throwErrno("statvfs", path);
  return (Number(buf[9]) & ST_RDONLY) !== 0;
}

/** gettid(2): the calling thread's kernel thread id. */
export function gettid(): number {
  return libc.gettid();
}

/** getpid(2): the process id (thread-group id). */
export function getpid(): number {
  return libc.getpid();
}
