/**
 * A raw AF_NETLINK socket over libc (netlink(7), socket(2), sendto(2),
 * recvmsg(2), poll(2), setsockopt(2)). Synchronous: every call blocks the JS
 * thread for one syscall round trip, which for rtnetlink is microseconds.
 *
 * Hot path: the sockaddr_nl, socklen_t, pollfd, msghdr and iovec scratch
 * live in one preallocated ArrayBuffer per socket whose pointer is taken
 * once; the receive buffer's pointer is re-derived only when it is replaced
 * by a larger one. A datagram costs one recvmsg(2) (see `recv`). Socket
 * options go through ./sockopt.ts.
 */
import { ptr, toArrayBuffer } from "bun:ffi";
import {
  AF_NETLINK,
  MSG_DONTWAIT,
  MSG_TRUNC,
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_DROP_MEMBERSHIP,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_RCVTIMEO,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_RAW,
  SOCKADDR_NL_SIZE,
  SOL_NETLINK,
  SOL_SOCKET,
} from "./constants.ts";
import { Errno } from "./errno.ts";
import { lastErrno, libc } from "./libc.ts";
import { checkIntRange, getIntOption, optionName, setIntOption, setTimevalOption } from "./sockopt.ts";
import { SyscallError } from "./syscall-error.ts";

/** Options for {@link NetlinkSocket.open}. */
export interface NetlinkSocketOptions {
  /** Receive buffer in bytes (SO_RCVBUFFORCE as root, else SO_RCVBUF). */
  rcvbuf?: number;
  /** Send buffer in bytes (SO_SNDBUFFORCE as root, else SO_SNDBUF). */
  sndbuf?: number;
  /** nl_groups bitmask for bind(2): legacy multicast groups 1..32. */
  groups?: number;
}

/** Smallest receive buffer: the kernel sizes dump datagrams up to 32 KiB. */
const MIN_RECV_BUFFER = 32 * 1024;
const PAGE = 4096;

// Scratch layout (bytes): one ArrayBuffer per socket, pointer taken once.
const KADDR = 0; // sockaddr_nl of the kernel: family, pad, pid 0, groups 0
const SADDR = 16; // sockaddr_nl filled by recvmsg/getsockname
const ALEN = 32; // socklen_t in/out for SADDR (getsockname)
const PFD = 40; // struct pollfd: int fd, short events, short revents
const MSG = 48; // struct msghdr (x86-64/aarch64 LP64 layout, 56 bytes)
const MSG_NAMELEN = MSG + 8; // socklen_t msg_namelen, in/out
const MSG_FLAGS = MSG + 48; // int msg_flags, out
const IOV = 104; // struct iovec[2]: the socket's buffer, then the overflow area
const SCRATCH_SIZE = 136;

/**
 * Overflow area shared by all sockets: the second iovec of every receive, so
 * that a datagram larger than a socket's buffer is never cut. It is only
 * written when that happens (rare: a huge link, an error echoing a big
 * request), and its bytes are copied into the socket's grown buffer at once,
 * so sharing it is safe. Allocated on first use with malloc(3), outside the
 * JS heap: untouched pages cost no memory, and the GC never sees 16 MiB of
 * "allocation" (a 16 MiB ArrayBuffer made the first socket trigger an eden
 * collection, ~5 ms of a command's cold start). Never freed (process-wide).
 */
const OVERFLOW_SIZE = 16 * 1024 * 1024;
let overflowPtr = 0;
function overflowArea(): number {
  if (overflowPtr === 0) {
    const p = libc.malloc(OVERFLOW_SIZE);
    if (!p) throw new SyscallError("malloc", Errno.ENOMEM, "netlink receive overflow area");
    overflowPtr = Number(p);
  }
  return overflowPtr;
}

const CLOSED_MESSAGE = "netlink socket is closed";

/**
 * One AF_NETLINK socket bound to a kernel-assigned port id. Disposable;
 * `close()` is idempotent and every other method throws
 * `Error("netlink socket is closed")` afterwards, never touching the old fd.
 */
export class NetlinkSocket implements Disposable {
  #fd: number;
  #portId: number;
  #closed = false;
  readonly #scratch: DataView;
  readonly #sp: number; // pointer to the scratch buffer
  #buf: Uint8Array;
  #bp: number; // pointer to #buf
  #view: Uint8Array; // the last view returned by recv (reused when the length repeats)

  private constructor(fd: number) {
    this.#fd = fd;
    this.#portId = 0;
    const ab = new ArrayBuffer(SCRATCH_SIZE);
    this.#scratch = new DataView(ab);
    this.#sp = ptr(ab);
    this.#scratch.setUint16(KADDR, AF_NETLINK, true);
    this.#buf = new Uint8Array(new ArrayBuffer(MIN_RECV_BUFFER));
    this.#bp = ptr(this.#buf);
    this.#view = this.#buf.subarray(0, 0);
    const o = overflowArea();
    const dv = this.#scratch;
    dv.setBigUint64(MSG, BigInt(this.#sp + SADDR), true); // msg_name
    dv.setBigUint64(MSG + 16, BigInt(this.#sp + IOV), true); // msg_iov
    dv.setBigUint64(MSG + 24, 2n, true); // msg_iovlen
    dv.setBigUint64(IOV + 16, BigInt(o), true); // iov[1]: overflow
    dv.setBigUint64(IOV + 24, BigInt(OVERFLOW_SIZE), true);
    this.#setIov0();
  }

  /** Point iov[0] at the socket's receive buffer (again, after it grew). */
  #setIov0(): void {
    this.#scratch.setBigUint64(IOV, BigInt(this.#bp), true);
    this.#scratch.setBigUint64(IOV + 8, BigInt(this.#buf.length), true);
  }

  /**
   * socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol), apply buffer sizes,
   * bind(2) with nl_pid 0 (the kernel assigns the port id) and `groups`, then
   * getsockname(2) for {@link portId}. The fd is closed again on any failure.
   */
  static open(protocol: number, opts: NetlinkSocketOptions = {}): NetlinkSocket {
    checkIntRange(protocol, "protocol", 0, 31);
    if (opts.rcvbuf !== undefined) checkIntRange(opts.rcvbuf, "rcvbuf", 1, 0x7fffffff);
    if (opts.sndbuf !== undefined) checkIntRange(opts.sndbuf, "sndbuf", 1, 0x7fffffff);
    if (opts.groups !== undefined) checkIntRange(opts.groups, "groups", 0, 0xffffffff);
    const fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) throw new SyscallError("socket", lastErrno());
    const sock = new NetlinkSocket(fd);
    try {
      if (opts.sndbuf !== undefined) sock.#setBufferSize(SO_SNDBUFFORCE, SO_SNDBUF, opts.sndbuf);
      if (opts.rcvbuf !== undefined) sock.setReceiveBuffer(opts.rcvbuf);
      sock.#bind(opts.groups ?? 0);
    } catch (e) {
      sock.close();
      throw e;
    }
    return sock;
  }

  /**
   * Take over `fd`, a bound AF_NETLINK socket that another thread of this
   * process opened and handed over with {@link detach} (e.g. to a Worker):
   * getsockname(2) for {@link portId}. The fd is closed on failure.
   */
  static adopt(fd: number): NetlinkSocket {
    checkIntRange(fd, "fd", 0, 0x7fffffff);
    const sock = new NetlinkSocket(fd);
    try {
      sock.#readPortId();
    } catch (e) {
      sock.close();
      throw e;
    }
    return sock;
  }

  /**
   * Give the fd up without closing it (for {@link adopt} on another
   * thread); this object is closed afterwards. Throws once closed.
   */
  detach(): number {
    const fd = this.fd;
    this.#closed = true;
    this.#fd = -1;
    return fd;
  }

  /** The socket's file descriptor. Throws once closed. */
  get fd(): number {
    if (this.#closed) throw new Error(CLOSED_MESSAGE);
    return this.#fd;
  }

  /** nl_pid the kernel assigned at bind time (non-zero). */
  get portId(): number {
    return this.#portId;
  }

  /** Whether {@link close} has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  #bind(groups: number): void {
    const dv = this.#scratch;
    dv.setUint16(SADDR, AF_NETLINK, true);
    dv.setUint16(SADDR + 2, 0, true);
    dv.setUint32(SADDR + 4, 0, true);
    dv.setUint32(SADDR + 8, groups, true);
    if (libc.bind(this.#fd, this.#sp + SADDR, SOCKADDR_NL_SIZE) !== 0) throw new SyscallError("bind", lastErrno());
    this.#readPortId();
  }

  #readPortId(): void {
    const dv = this.#scratch;
    dv.setUint32(ALEN, SOCKADDR_NL_SIZE, true);
    if (libc.getsockname(this.#fd, this.#sp + SADDR, this.#sp + ALEN) !== 0) {
      throw new SyscallError("getsockname", lastErrno());
    }
    this.#portId = dv.getUint32(SADDR + 4, true);
  }

  /**
   * sendto(2) `data` to the kernel (sockaddr_nl pid 0, groups 0). EINTR is
   * retried. Returns the bytes sent; throws SyscallError("sendto").
   */
  send(data: Uint8Array): number {
    if (this.#closed) throw new Error(CLOSED_MESSAGE);
    if (!(data instanceof Uint8Array)) throw new TypeError("data must be a Uint8Array");
    for (;;) {
      const n = libc.sendto(this.#fd, data, data.length, 0, this.#sp + KADDR, SOCKADDR_NL_SIZE) as number;
      if (n >= 0) return n;
      const e = lastErrno();
      if (e !== Errno.EINTR) throw new SyscallError("sendto", e);
    }
  }

  /**
   * Receive one datagram from the kernel with a single recvmsg(2) into two
   * buffers: the socket's own (32 KiB to start with, which also tells the
   * kernel to build dump datagrams of up to 32 KiB) and a 16 MiB overflow
   * area behind it. A datagram that spills into the overflow grows the
   * socket's buffer to hold it and is copied there, so nothing is ever
   * truncated and the common case costs one syscall and no copy; one larger
   * than both (the kernel sets MSG_TRUNC) throws instead of being cut.
   * Datagrams whose source nl_pid is not 0 (not the kernel) are dropped.
   * Returns a view into the internal buffer, valid until the next recv; null
   * when `dontWait` is set and nothing is queued. EINTR is retried; other
   * errors (ENOBUFS, EAGAIN after a receive timeout) throw
   * SyscallError("recvmsg").
   */
  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    if (this.#closed) throw new Error(CLOSED_MESSAGE);
    const dontWait = opts?.dontWait === true;
    const flags = MSG_TRUNC | (dontWait ? MSG_DONTWAIT : 0);
    const fd = this.#fd;
    const dv = this.#scratch;
    const msg = this.#sp + MSG;
    for (;;) {
      dv.setUint32(MSG_NAMELEN, SOCKADDR_NL_SIZE, true);
      const len = libc.recvmsg(fd, msg, flags) as number;
      if (len < 0) {
        const e = lastErrno();
        if (e === Errno.EINTR) continue;
        if (e === Errno.EAGAIN && dontWait) return null;
        throw new SyscallError("recvmsg", e);
      }
      if (dv.getInt32(MSG_FLAGS, true) & MSG_TRUNC) {
        throw new Error(`netlink recv: a ${len}-byte datagram exceeded the ${this.#buf.length + OVERFLOW_SIZE}-byte receive area and was truncated`);
      }
      if (dv.getUint32(SADDR + 4, true) !== 0) continue; // not from the kernel: drop
      if (len > this.#buf.length) this.#takeOverflow(len);
      const v = this.#view;
      if (v.length === len) return v; // always a view of #buf: #takeOverflow resets it
      return (this.#view = this.#buf.subarray(0, len));
    }
  }

  /** Grow the buffer to hold a `len`-byte datagram that spilled into the overflow area, and move it there. */
  #takeOverflow(len: number): void {
    const head = this.#buf.length;
    const size = Math.max(MIN_RECV_BUFFER, Math.ceil(len / PAGE) * PAGE);
    const next = new Uint8Array(new ArrayBuffer(size));
    next.set(this.#buf);
    next.set(new Uint8Array(toArrayBuffer(overflowArea(), 0, len - head)), head);
    this.#buf = next;
    this.#view = next.subarray(0, 0);
    this.#bp = ptr(next);
    this.#setIov0();
  }

  /**
   * poll(2) the socket for POLLIN for up to `timeoutMs` (-1 = forever, 0 =
   * just check). True when a recv would not block (data, or a pending error).
   */
  waitReadable(timeoutMs: number): boolean {
    if (this.#closed) throw new Error(CLOSED_MESSAGE);
    if (typeof timeoutMs !== "number" || !(timeoutMs >= -1) || !Number.isFinite(timeoutMs)) {
      throw new RangeError(`timeoutMs must be -1 or a non-negative number, got ${String(timeoutMs)}`);
    }
    const dv = this.#scratch;
    const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : 0;
    let wait = timeoutMs < 0 ? -1 : Math.ceil(timeoutMs);
    for (;;) {
      dv.setInt32(PFD, this.#fd, true);
      dv.setInt16(PFD + 4, POLLIN, true);
      dv.setInt16(PFD + 6, 0, true);
      const r = libc.poll(this.#sp + PFD, 1, wait);
      if (r > 0) {
        const revents = dv.getInt16(PFD + 6, true);
        if (revents & POLLNVAL) throw new SyscallError("poll", Errno.EBADF);
        return (revents & (POLLIN | POLLERR | POLLHUP)) !== 0;
      }
      if (r === 0) return false;
      const e = lastErrno();
      if (e !== Errno.EINTR) throw new SyscallError("poll", e);
      if (timeoutMs > 0) wait = Math.max(0, Math.ceil(deadline - performance.now()));
    }
  }

  /** setsockopt(2) an int option. Throws SyscallError("setsockopt"). */
  setInt(level: number, option: number, value: number): void {
    const e = setIntOption(this.fd, level, option, value);
    if (e !== 0) throw new SyscallError("setsockopt", e, optionName(level, option));
  }

  /** getsockopt(2) an int option. Throws SyscallError("getsockopt"). */
  getInt(level: number, option: number): number {
    return getIntOption(this.fd, level, option);
  }

  /**
   * setsockopt(2) an int option, returning false instead of throwing when the
   * kernel lacks it (ENOPROTOOPT, EINVAL, EOPNOTSUPP); other errors throw.
   */
  trySetInt(level: number, option: number, value: number): boolean {
    const e = setIntOption(this.fd, level, option, value);
    if (e === 0) return true;
    if (e === Errno.ENOPROTOOPT || e === Errno.EINVAL || e === Errno.EOPNOTSUPP) return false;
    throw new SyscallError("setsockopt", e, optionName(level, option));
  }

  /**
   * SO_RCVTIMEO (socket(7)): blocking recv gives up after `ms` milliseconds
   * with SyscallError code EAGAIN. 0 removes the timeout.
   */
  setReceiveTimeout(ms: number): void {
    setTimevalOption(this.fd, SOL_SOCKET, SO_RCVTIMEO, ms);
  }

  /** Receive buffer size: SO_RCVBUFFORCE (needs CAP_NET_ADMIN), falling back to SO_RCVBUF. */
  setReceiveBuffer(bytes: number): void {
    checkIntRange(bytes, "bytes", 1, 0x7fffffff);
    this.#setBufferSize(SO_RCVBUFFORCE, SO_RCVBUF, bytes);
  }

  #setBufferSize(force: number, plain: number, bytes: number): void {
    const e = setIntOption(this.fd, SOL_SOCKET, force, bytes);
    if (e === 0) return;
    if (e !== Errno.EPERM) throw new SyscallError("setsockopt", e, optionName(SOL_SOCKET, force));
    this.setInt(SOL_SOCKET, plain, bytes);
  }

  /** Join multicast `group` (SOL_NETLINK NETLINK_ADD_MEMBERSHIP, netlink(7)). */
  addMembership(group: number): void {
    checkIntRange(group, "group", 1, 0xffffffff);
    this.setInt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
  }

  /** Leave multicast `group` (SOL_NETLINK NETLINK_DROP_MEMBERSHIP, netlink(7)). */
  dropMembership(group: number): void {
    checkIntRange(group, "group", 1, 0xffffffff);
    this.setInt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
  }

  /**
   * close(2) the fd. Idempotent; the fd number is forgotten first so it is
   * never used again (it may be reused by the next open). Errors are ignored:
   * on Linux the descriptor is released even when close reports one.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const fd = this.#fd;
    this.#fd = -1;
    libc.close(fd);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
