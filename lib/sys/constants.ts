/**
 * Kernel and libc constants used by lib/sys, each with the header it comes
 * from. Pure TypeScript. 64-bit Linux only (x86-64, arm64); the few values
 * that differ between those two are chosen by `process.arch`.
 */

const ARM64 = process.arch === "arm64";

// ---- linux/socket.h, bits/socket.h -----------------------------------------
/** Address family of netlink sockets (linux/socket.h AF_NETLINK). */
export const AF_NETLINK = 16;
/** Raw socket type (bits/socket_type.h SOCK_RAW). */
export const SOCK_RAW = 3;
/** Datagram socket type (bits/socket_type.h SOCK_DGRAM). */
export const SOCK_DGRAM = 2;
/** Close-on-exec flag for socket(2)'s type (bits/socket_type.h, = O_CLOEXEC). */
export const SOCK_CLOEXEC = 0o2000000;
/** Non-blocking flag for socket(2)'s type (bits/socket_type.h, = O_NONBLOCK). */
export const SOCK_NONBLOCK = 0o4000;
/** setsockopt level for netlink options (linux/socket.h SOL_NETLINK). */
export const SOL_NETLINK = 270;
/** sizeof(struct sockaddr_nl) (linux/netlink.h): family u16, pad u16, pid u32, groups u32. */
export const SOCKADDR_NL_SIZE = 12;

// ---- linux/netlink.h: protocols and SOL_NETLINK options ------------------------
// One copy, in the pure protocol core; re-exported here for the FFI layer.
export {
  NETLINK_ADD_MEMBERSHIP, NETLINK_BROADCAST_ERROR, NETLINK_CAP_ACK, NETLINK_DROP_MEMBERSHIP, NETLINK_EXT_ACK,
  NETLINK_GENERIC, NETLINK_GET_STRICT_CHK, NETLINK_KOBJECT_UEVENT, NETLINK_LISTEN_ALL_NSID, NETLINK_LIST_MEMBERSHIPS,
  NETLINK_NETFILTER, NETLINK_NO_ENOBUFS, NETLINK_PKTINFO, NETLINK_ROUTE,
} from "../../codecs/core/constants.ts";

// ---- asm-generic/socket.h: SOL_SOCKET options ------------------------------------
/** Socket-level option level (asm-generic/socket.h SOL_SOCKET). */
export const SOL_SOCKET = 1;
/** Send buffer size (asm-generic/socket.h SO_SNDBUF). */
export const SO_SNDBUF = 7;
/** Receive buffer size, capped by net.core.rmem_max (asm-generic/socket.h SO_RCVBUF). */
export const SO_RCVBUF = 8;
/** Send buffer size ignoring wmem_max, needs CAP_NET_ADMIN (asm-generic/socket.h SO_SNDBUFFORCE). */
export const SO_SNDBUFFORCE = 32;
/** Receive buffer size ignoring rmem_max, needs CAP_NET_ADMIN (asm-generic/socket.h SO_RCVBUFFORCE). */
export const SO_RCVBUFFORCE = 33;
/** Receive timeout, struct timeval (asm-generic/socket.h SO_RCVTIMEO_OLD on 64-bit). */
export const SO_RCVTIMEO = 20;
/** Send timeout, struct timeval (asm-generic/socket.h SO_SNDTIMEO_OLD on 64-bit). */
export const SO_SNDTIMEO = 21;
/** sizeof(struct timeval) on 64-bit Linux (tv_sec, tv_usec as longs). */
export const TIMEVAL_SIZE = 16;

// ---- bits/socket.h: message flags ------------------------------------------------
/** Look at the datagram without dequeuing it (bits/socket.h MSG_PEEK). */
export const MSG_PEEK = 0x02;
/** Return the real datagram length even if truncated (bits/socket.h MSG_TRUNC). */
export const MSG_TRUNC = 0x20;
/** Non-blocking receive/send (bits/socket.h MSG_DONTWAIT). */
export const MSG_DONTWAIT = 0x40;

// ---- asm-generic/poll.h ------------------------------------------------------------
/** Data to read (asm-generic/poll.h POLLIN). */
export const POLLIN = 0x0001;
/** Writing possible (asm-generic/poll.h POLLOUT). */
export const POLLOUT = 0x0004;
/** Error condition (asm-generic/poll.h POLLERR). */
export const POLLERR = 0x0008;
/** Hung up (asm-generic/poll.h POLLHUP). */
export const POLLHUP = 0x0010;
/** Invalid fd (asm-generic/poll.h POLLNVAL). */
export const POLLNVAL = 0x0020;

// ---- linux/sched.h: namespace flags for unshare(2)/setns(2) ------------------------------
/** Share/unshare the fs_struct (linux/sched.h CLONE_FS). */
export const CLONE_FS = 0x00000200;
/** Mount namespace (linux/sched.h CLONE_NEWNS). */
export const CLONE_NEWNS = 0x00020000;
/** Cgroup namespace (linux/sched.h CLONE_NEWCGROUP). */
export const CLONE_NEWCGROUP = 0x02000000;
/** UTS namespace (linux/sched.h CLONE_NEWUTS). */
export const CLONE_NEWUTS = 0x04000000;
/** IPC namespace (linux/sched.h CLONE_NEWIPC). */
export const CLONE_NEWIPC = 0x08000000;
/** User namespace (linux/sched.h CLONE_NEWUSER). */
export const CLONE_NEWUSER = 0x10000000;
/** PID namespace (linux/sched.h CLONE_NEWPID). */
export const CLONE_NEWPID = 0x20000000;
/** Network namespace (linux/sched.h CLONE_NEWNET). */
export const CLONE_NEWNET = 0x40000000;

// ---- linux/mount.h: mount(2) flags --------------------------------------------------
/** Read-only mount (linux/mount.h MS_RDONLY). */
export const MS_RDONLY = 1;
/** Ignore suid bits (linux/mount.h MS_NOSUID). */
export const MS_NOSUID = 2;
/** No device files (linux/mount.h MS_NODEV). */
export const MS_NODEV = 4;
/** No exec (linux/mount.h MS_NOEXEC). */
export const MS_NOEXEC = 8;
/** Remount (linux/mount.h MS_REMOUNT). */
export const MS_REMOUNT = 32;
/** Bind mount (linux/mount.h MS_BIND). */
export const MS_BIND = 4096;
/** Move a mount (linux/mount.h MS_MOVE). */
export const MS_MOVE = 8192;
/** Apply recursively (linux/mount.h MS_REC). */
export const MS_REC = 16384;
/** Unbindable propagation (linux/mount.h MS_UNBINDABLE). */
export const MS_UNBINDABLE = 1 << 17;
/** Private propagation (linux/mount.h MS_PRIVATE). */
export const MS_PRIVATE = 1 << 18;
/** Slave propagation (linux/mount.h MS_SLAVE). */
export const MS_SLAVE = 1 << 19;
/** Shared propagation (linux/mount.h MS_SHARED). */
export const MS_SHARED = 1 << 20;

// ---- linux/mount.h: umount2(2) flags ------------------------------------------------
/** Force unmount (linux/mount.h MNT_FORCE). */
export const MNT_FORCE = 1;
/** Lazy unmount: detach now, clean up when unused (linux/mount.h MNT_DETACH). */
export const MNT_DETACH = 2;
/** Mark for expiry (linux/mount.h MNT_EXPIRE). */
export const MNT_EXPIRE = 4;
/** Do not follow a final symlink (linux/mount.h UMOUNT_NOFOLLOW). */
export const UMOUNT_NOFOLLOW = 8;

// ---- asm-generic/fcntl.h (arm64: asm/fcntl.h overrides O_DIRECTORY/O_NOFOLLOW) ----
/** Open for reading (asm-generic/fcntl.h O_RDONLY). */
export const O_RDONLY = 0;
/** Open for writing (asm-generic/fcntl.h O_WRONLY). */
export const O_WRONLY = 1;
/** Open for reading and writing (asm-generic/fcntl.h O_RDWR). */
export const O_RDWR = 2;
/** Create if missing (asm-generic/fcntl.h O_CREAT). */
export const O_CREAT = 0o100;
/** With O_CREAT: fail with EEXIST if present (asm-generic/fcntl.h O_EXCL). */
export const O_EXCL = 0o200;
/** Do not become the controlling tty (asm-generic/fcntl.h O_NOCTTY). */
export const O_NOCTTY = 0o400;
/** Truncate (asm-generic/fcntl.h O_TRUNC). */
export const O_TRUNC = 0o1000;
/** Non-blocking I/O (asm-generic/fcntl.h O_NONBLOCK). */
export const O_NONBLOCK = 0o4000;
/** Must be a directory (asm-generic/fcntl.h O_DIRECTORY; arm64 asm/fcntl.h 040000). */
export const O_DIRECTORY = ARM64 ? 0o40000 : 0o200000;
/** Do not follow a final symlink (asm-generic/fcntl.h O_NOFOLLOW; arm64 asm/fcntl.h 0100000). */
export const O_NOFOLLOW = ARM64 ? 0o100000 : 0o400000;
/** Close on exec (asm-generic/fcntl.h O_CLOEXEC). */
export const O_CLOEXEC = 0o2000000;
/** Path-only descriptor (asm-generic/fcntl.h O_PATH). */
export const O_PATH = 0o10000000;

/** fcntl(2) command: read fd flags (asm-generic/fcntl.h F_GETFD). */
export const F_GETFD = 1;
/** fcntl(2) command: set fd flags (asm-generic/fcntl.h F_SETFD). */
export const F_SETFD = 2;
/** fcntl(2) command: read file status flags (asm-generic/fcntl.h F_GETFL). */
export const F_GETFL = 3;
/** fcntl(2) command: set file status flags (asm-generic/fcntl.h F_SETFL). */
export const F_SETFL = 4;
/** fcntl(2) command: duplicate to the lowest free fd >= arg, close-on-exec (linux/fcntl.h F_DUPFD_CLOEXEC). */
export const F_DUPFD_CLOEXEC = 1030;
/** The close-on-exec fd flag (asm-generic/fcntl.h FD_CLOEXEC). */
export const FD_CLOEXEC = 1;

// ---- signals (asm-generic/signal.h) and statvfs (bits/statvfs.h) ----------------------
/** Broken pipe (asm-generic/signal.h SIGPIPE). */
export const SIGPIPE = 13;
/** File size limit exceeded (asm-generic/signal.h SIGXFSZ). */
export const SIGXFSZ = 25;
/** statvfs f_flag bit: read-only file system (bits/statvfs.h ST_RDONLY). */
export const ST_RDONLY = 1;
