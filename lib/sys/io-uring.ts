/**
 * A minimal io_uring(7) for receives the kernel runs on its own worker
 * thread: io_uring_setup(2), the rings mapped with mmap(2), one
 * IORING_OP_RECVMSG at a time submitted with IOSQE_ASYNC (so it is
 * punted to an io-wq thread at once instead of tried in io_uring_enter),
 * and its completion taken with io_uring_enter(2). The read-ahead of a
 * dump (lib/transport/read-ahead-uring.ts) is its one user: while the
 * kernel's worker runs the netlink receive, which builds the dump's next
 * datagram, the JS thread decodes or prints the previous one.
 *
 * `IoUring.open()` returns null where io_uring cannot be had (an old
 * kernel, kernel.io_uring_disabled, a seccomp filter such as Docker's
 * default profile, no IORING_OP_RECVMSG): the caller reads another way.
 * Bound with a dlopen of its own (syscall, mmap, munmap), on first use.
 *
 * Layouts (linux/io_uring.h), offsets in bytes:
 *
 *   struct io_uring_params (120)          struct io_uring_sqe (64), the fields set here
 *    0 sq_entries   4 cq_entries           0 opcode u8   1 flags u8   2 ioprio u16   4 fd s32
 *    8 flags       12 sq_thread_cpu        8 off u64    16 addr u64  24 len u32     28 msg_flags u32
 *   16 sq_thread_idle  20 features        32 user_data u64  40 buf_index u16 ... 63
 *   24 wq_fd   28 resv[3]
 *   40 sq_off: head tail ring_mask ring_entries flags dropped array resv1 (u32 each) resv2 (u64)
 *   80 cq_off: head tail ring_mask ring_entries overflow cqes flags resv1 (u32 each) resv2 (u64)
 *
 *   struct io_uring_cqe (16): 0 user_data u64   8 res s32   12 flags u32
 */
import { dlopen, FFIType, ptr, toArrayBuffer } from "bun:ffi";
import { libcCandidates, openLibc } from "./libc-names.ts";
import { lastErrno, libc } from "./libc.ts";
import { Errno } from "./errno.ts";
import { SyscallError } from "./syscall-error.ts";

/** asm-generic/unistd.h: the same numbers on every architecture since Linux 5.1. */
const SYS_IO_URING_SETUP = 425, SYS_IO_URING_ENTER = 426, SYS_IO_URING_REGISTER = 427;
const IORING_OFF_SQ_RING = 0, IORING_OFF_CQ_RING = 0x8000000, IORING_OFF_SQES = 0x10000000;
const IORING_FEAT_SINGLE_MMAP = 1;
const IORING_ENTER_GETEVENTS = 1;
const IORING_REGISTER_PROBE = 8;
const IORING_REGISTER_IOWQ_AFF = 17;
const IO_URING_OP_SUPPORTED = 1;
/** linux/io_uring.h enum io_uring_op. */
const IORING_OP_RECVMSG = 10;
/** IOSQE_ASYNC_BIT = 4: always run the request on an io-wq thread. */
const IOSQE_ASYNC = 1 << 4;
/** IOSQE_IO_LINK_BIT = 2: the next entry starts when this one has completed. */
const IOSQE_IO_LINK = 1 << 2;
const IORING_OP_ASYNC_CANCEL = 14;
/** sys/mman.h */
const PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MAP_POPULATE = 0x8000, MAP_NORESERVE = 0x4000;
const MAP_FAILED = -1;

let sys: ReturnType<typeof bind> | undefined;
function bind() {
  return openLibc(libcCandidates(), (name) =>
    dlopen(name, {
      // syscall(2): io_uring_setup/enter/register, which glibc does not wrap
      syscall: { args: ["i64", "i64", "i64", "i64", "i64", "i64"], returns: FFIType.i64_fast },
      // mmap(2), munmap(2): the rings, and memory the kernel writes while JS runs
      mmap: { args: ["u64", "u64", "i32", "i32", "i32", "i64"], returns: FFIType.i64_fast },
      munmap: { args: ["u64", "u64"], returns: "i32" },
      // sched_getcpu(3), sched_getaffinity(2): where the io-wq worker may run (IoUring.keepWorkerOffThisCpu)
      sched_getcpu: { args: [], returns: "i32" },
      sched_getaffinity: { args: ["i32", "u64", "ptr"], returns: "i32" },
    }),
  ).symbols;
}
function libs() {
  return (sys ??= bind());
}

/** An anonymous private mapping of `size` bytes (pages are made on first touch); its address. Throws SyscallError("mmap"). */
export function mapAnonymous(size: number): number {
  const p = libs().mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) as number;
  if (p === MAP_FAILED) throw new SyscallError("mmap", lastErrno(), "anonymous");
  return p;
}

/** Unmap what {@link mapAnonymous} (or the ring setup) mapped. */
export function unmap(addr: number, size: number): void {
  libs().munmap(addr, size);
}

/** Why the last {@link IoUring.open} returned null (diagnostics: "ENOSYS", "EPERM", "no IORING_OP_RECVMSG", ...). */
export let ioUringUnavailable = "";

/** One completion, as {@link IoUring.take} returns it (reused object). */
export interface Completion {
  userData: number;
  res: number;
}

/** A ring of a few entries for asynchronous receives. Not thread-safe; close() when done. */
export class IoUring {
  #fd: number;
  #maps: [number, number][] = [];
  readonly #sq: Uint32Array;
  readonly #cq: Uint32Array;
  readonly #sqes: DataView;
  readonly #sqHead: number; readonly #sqTail: number; readonly #sqMask: number; readonly #sqArray: number;
  readonly #cqHead: number; readonly #cqTail: number; readonly #cqMask: number; readonly #cqes: number;
  readonly #cqInts: Int32Array;
  readonly #done: Completion = { userData: 0, res: 0 };
  /** Queued and not yet taken. */
  pending = 0;
  #unsent = 0;
  /** The CPU the worker was last kept off (-1: none). */
  #offCpu = -1;
  #offDone = false;

  private constructor(fd: number, p: DataView) {
    this.#fd = fd;
    const u = (o: number) => p.getUint32(o, true);
    const sqEntries = u(0), cqEntries = u(4), features = u(20);
    const sqSize = u(40 + 24) + sqEntries * 4, cqSize = u(80 + 20) + cqEntries * 16;
    try {
      const single = (features & IORING_FEAT_SINGLE_MMAP) !== 0;
      const sqSz = single ? Math.max(sqSize, cqSize) : sqSize;
      const sqPtr = this.#mapRing(sqSz, IORING_OFF_SQ_RING);
      const cqPtr = single ? sqPtr : this.#mapRing(cqSize, IORING_OFF_CQ_RING);
      const sqesPtr = this.#mapRing(sqEntries * 64, IORING_OFF_SQES);
      this.#sq = new Uint32Array(toArrayBuffer(sqPtr, 0, sqSz));
      const cqBuf = toArrayBuffer(cqPtr, 0, single ? sqSz : cqSize);
      this.#cq = new Uint32Array(cqBuf);
      this.#cqInts = new Int32Array(cqBuf);
      this.#sqes = new DataView(toArrayBuffer(sqesPtr, 0, sqEntries * 64));
    } catch (e) {
      this.close();
      throw e;
    }
    this.#sqHead = u(40) / 4; this.#sqTail = u(44) / 4; this.#sqMask = this.#sq[u(48) / 4]!; this.#sqArray = u(64) / 4;
    this.#cqHead = u(80) / 4; this.#cqTail = u(84) / 4; this.#cqMask = this.#cq[u(88) / 4]!; this.#cqes = u(100) / 4;
  }

  #mapRing(size: number, offset: number): number {
    const p = libs().mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, this.#fd, offset) as number;
    if (p === MAP_FAILED) throw new SyscallError("mmap", lastErrno(), "io_uring");
    this.#maps.push([p, size]);
    return p;
  }

  /**
   * A ring of `entries` entries whose kernel supports IORING_OP_RECVMSG
   * (probed with IORING_REGISTER_PROBE), or null when this process cannot
   * have one ({@link ioUringUnavailable} says why).
   */
  static open(entries = 4): IoUring | null {
    let s: ReturnType<typeof libs>;
    try {
      s = libs();
    } catch (e) {
      ioUringUnavailable = e instanceof Error ? e.message : String(e);
      return null;
    }
    const params = new ArrayBuffer(120);
    const fd = s.syscall(SYS_IO_URING_SETUP, entries, ptr(params), 0, 0, 0) as number;
    if (fd < 0) {
      ioUringUnavailable = new SyscallError("io_uring_setup", lastErrno()).code;
      return null;
    }
    // the probe (Linux 5.6, as IOSQE_ASYNC): header 16 bytes, then 8 per op
    const probe = new ArrayBuffer(16 + 64 * 8);
    const pr = s.syscall(SYS_IO_URING_REGISTER, fd, IORING_REGISTER_PROBE, ptr(probe), 64, 0) as number;
    const pv = new Uint8Array(probe);
    if (pr < 0 || pv[1]! <= IORING_OP_RECVMSG || (pv[16 + IORING_OP_RECVMSG * 8 + 2]! & IO_URING_OP_SUPPORTED) === 0) {
      ioUringUnavailable = pr < 0 ? new SyscallError("io_uring_register", lastErrno()).code : "no IORING_OP_RECVMSG";
      closeRing(fd);
      return null;
    }
    try {
      return new IoUring(fd, new DataView(params));
    } catch (e) {
      ioUringUnavailable = e instanceof SyscallError ? e.code : String(e);
      return null;
    }
  }

  /**
   * Queue recvmsg(fd, msghdr at `msg`, `flags`), to run on an io-wq
   * thread; with `link`, the next queued entry runs only after this one
   * completes (IOSQE_IO_LINK: a chain runs in order). `msg` and everything
   * it points to must stay mapped until the completion is taken. Sent to
   * the kernel by {@link submit}.
   */
  queueRecvmsg(fd: number, msg: number, flags: number, userData: number, link: boolean): void {
    const o = this.#entry();
    const e = this.#sqes;
    e.setUint8(o, IORING_OP_RECVMSG);
    e.setUint8(o + 1, IOSQE_ASYNC | (link ? IOSQE_IO_LINK : 0));
    e.setInt32(o + 4, fd, true);
    e.setBigUint64(o + 16, BigInt(msg), true);
    e.setUint32(o + 24, 1, true); // one msghdr
    e.setUint32(o + 28, flags, true);
    e.setUint32(o + 32, userData >>> 0, true);
  }

  /** Queue the cancellation of the request whose user data is `target` (IORING_OP_ASYNC_CANCEL: a blocked receive is interrupted). */
  queueCancel(target: number, userData: number): void {
    const o = this.#entry();
    const e = this.#sqes;
    e.setUint8(o, IORING_OP_ASYNC_CANCEL);
    e.setInt32(o + 4, -1, true);
    e.setBigUint64(o + 16, BigInt(target >>> 0), true);
    e.setUint32(o + 32, userData >>> 0, true);
  }

  /** A zeroed entry at the submission tail, published (the kernel reads it at the next io_uring_enter); its byte offset. */
  #entry(): number {
    const sq = this.#sq;
    const tail = sq[this.#sqTail]!;
    if (tail - sq[this.#sqHead]! > this.#sqMask) throw new Error("io_uring: submission queue full");
    const i = tail & this.#sqMask;
    const e = this.#sqes, o = i * 64;
    for (let k = 0; k < 64; k += 8) e.setBigUint64(o + k, 0n, true);
    sq[this.#sqArray + i] = i;
    sq[this.#sqTail] = tail + 1; // read by the kernel inside io_uring_enter, after every store here
    this.#unsent++;
    this.pending++;
    return o;
  }

  /** Send the queued entries to the kernel (io_uring_enter). */
  submit(): void {
    while (this.#unsent > 0) {
      const r = libs().syscall(SYS_IO_URING_ENTER, this.#fd, this.#unsent, 0, 0, 0, 0) as number;
      if (r >= 0) {
        this.#unsent -= r;
        continue;
      }
      const err = lastErrno();
      if (err !== Errno.EINTR && err !== Errno.EAGAIN && err !== Errno.EBUSY) throw new SyscallError("io_uring_enter", err);
    }
  }

  /**
   * The next completion, waiting for it unless `dontWait` (then null when
   * none has arrived). The returned object is reused by the next call.
   */
  take(dontWait: boolean): Completion | null {
    const cq = this.#cq;
    let head = cq[this.#cqHead]!;
    // x86-64 keeps stores in order, so a tail seen here means its entry is written; elsewhere ask the kernel
    if (!PEEK_IS_ORDERED || cq[this.#cqTail] === head) {
      if (dontWait && PEEK_IS_ORDERED) return null;
      for (;;) {
        const r = libs().syscall(SYS_IO_URING_ENTER, this.#fd, 0, dontWait ? 0 : 1, IORING_ENTER_GETEVENTS, 0, 0) as number;
        if (r >= 0) break;
        const err = lastErrno();
        if (err !== Errno.EINTR && err !== Errno.EAGAIN && err !== Errno.EBUSY) throw new SyscallError("io_uring_enter", err);
      }
      head = cq[this.#cqHead]!;
      if (cq[this.#cqTail] === head) {
        if (dontWait) return null;
        return this.take(false); // woken without a completion (a signal): wait again
      }
    }
    const at = this.#cqes + (head & this.#cqMask) * 4;
    const d = this.#done;
    d.userData = cq[at]!;
    d.res = this.#cqInts[at + 2]!;
    cq[this.#cqHead] = head + 1;
    this.pending--;
    return d;
  }

  /**
   * Let the ring's io-wq worker run on every CPU this process may use but
   * the one the calling thread is on now (IORING_REGISTER_IOWQ_AFF, Linux
   * 5.14). Where the CPUs share no last-level cache (common in VMs), the
   * scheduler wakes the worker on the waker's CPU, behind the caller, and
   * the two take turns instead of overlapping. False when it could not be
   * done (one usable CPU, an older kernel): the worker runs where the
   * scheduler puts it.
   */
  keepWorkerOffThisCpu(): boolean {
    const s = libs();
    const cpu = s.sched_getcpu() as number; // vDSO-fast: checked on every dump, the mask set only when it moved
    if (cpu === this.#offCpu) return this.#offDone;
    this.#offCpu = cpu; // tried once per CPU: the same answer would come again
    this.#offDone = false;
    const mask = new Uint8Array(128); // cpu_set_t: 1024 CPUs
    if ((s.sched_getaffinity(0, mask.length, mask) as number) !== 0) return false;
    if (cpu < 0 || cpu >= mask.length * 8) return false;
    mask[cpu >> 3]! &= ~(1 << (cpu & 7));
    if (mask.every((b) => b === 0)) return false;
    this.#offDone = (s.syscall(SYS_IO_URING_REGISTER, this.#fd, IORING_REGISTER_IOWQ_AFF, ptr(mask), mask.length, 0, 0) as number) === 0;
    return this.#offDone;
  }

  /** Close the ring (requests still running are cancelled by the kernel) and unmap it; idempotent. */
  close(): void {
    for (const [p, size] of this.#maps) libs().munmap(p, size);
    this.#maps = [];
    if (this.#fd >= 0) closeRing(this.#fd);
    this.#fd = -1;
  }
}

/** Loads see the CQ tail's store before its entry's only on x86-64's ordered stores. */
const PEEK_IS_ORDERED = process.arch === "x64";

function closeRing(fd: number): void {
  libc.close(fd);
}
