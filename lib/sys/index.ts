/**
 * lib/sys: the only layer that imports bun:ffi. Typed libc wrappers that throw
 * {@link SyscallError}, the raw netlink socket, errno tables and constants.
 */
export * from "./constants.ts";
export { Errno, errnoMessage, errnoName, errnoNumber } from "./errno.ts";
export { SyscallError, isSyscallError } from "./syscall-error.ts";
export { NetlinkSocket, type NetlinkSocketOptions } from "./netlink-socket.ts";
export {
  closeFd,
  fcntl,
  getpid,
  gettid,
  isReadOnlyFs,
  mount,
  openPath,
  setns,
  umount2,
  unlinkPath,
  unshare,
} from "./ns.ts";
export { execvp, resetProcessForExec } from "./exec.ts";
