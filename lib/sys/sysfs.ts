/**
 * A private sysfs instance, attached nowhere (the new mount API: fsopen(2),
 * fsconfig(2), fsmount(2), Linux 5.2+). sysfs shows the network devices of
 * the namespace its creator's thread was in when fsopen ran, so a program in
 * one namespace can read another's /sys/class/net/... through the returned
 * mount fd (`/proc/self/fd/N/class/net/...`) without a mount namespace of
 * its own and without changing any mount table. Closing the fd frees it.
 */
import { ptr } from "bun:ffi";
import { cString, lastErrno, libc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";

// syscall numbers of the mount API: the same on every architecture (asm-generic and x86 alike)
const SYS_FSOPEN = 430;
const SYS_FSCONFIG = 431;
const SYS_FSMOUNT = 432;
const FSOPEN_CLOEXEC = 1;
const FSCONFIG_CMD_CREATE = 6;
const FSMOUNT_CLOEXEC = 1;
const MOUNT_ATTR_RDONLY = 1;

/**
 * A read-only sysfs mount of the calling thread's network namespace, as an
 * fd (O_CLOEXEC). Needs CAP_SYS_ADMIN over that namespace. Throws
 * SyscallError("fsopen" | "fsconfig" | "fsmount").
 */
export function openSysfsMount(): number {
  const type = cString("sysfs", "fstype");
  const fc = libc.syscall(SYS_FSOPEN, ptr(type), FSOPEN_CLOEXEC, 0, 0, 0) as number;
  if (fc < 0) throw new SyscallError("fsopen", lastErrno(), "sysfs");
  try {
    if ((libc.syscall(SYS_FSCONFIG, fc, FSCONFIG_CMD_CREATE, 0, 0, 0, 0) as number) < 0) throw new SyscallError("fsconfig", lastErrno(), "sysfs");
    const mnt = libc.syscall(SYS_FSMOUNT, fc, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY, 0, 0, 0) as number;
    if (mnt < 0) throw new SyscallError("fsmount", lastErrno(), "sysfs");
    return mnt;
  } finally {
    libc.close(fc);
  }
}
