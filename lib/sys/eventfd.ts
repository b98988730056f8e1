/**
 * A wake-up descriptor for a thread blocked in poll(2): eventfd(2) with
 * EFD_CLOEXEC|EFD_NONBLOCK. One thread waits with {@link pollEither} on a
 * socket and the eventfd; another calls {@link EventFd.signal} to wake it at
 * once (lib/monitor stops its socket-owning Worker threads this way, so an
 * idle wait needs no timeout and a stop is immediate). The fd number is
 * process-wide, so it can be handed to a Worker as a plain number.
 */
import { ptr } from "bun:ffi";
import { O_CLOEXEC, O_NONBLOCK, POLLERR, POLLHUP, POLLIN, POLLNVAL } from "./constants.ts";
import { Errno } from "./errno.ts";
import { lastErrno, libc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";

/** eventfd(2) flags (sys/eventfd.h: EFD_CLOEXEC = O_CLOEXEC, EFD_NONBLOCK = O_NONBLOCK). */
const EFD_CLOEXEC = O_CLOEXEC;
const EFD_NONBLOCK = O_NONBLOCK;

/** An eventfd counter. Disposable; `close()` is idempotent. */
export class EventFd implements Disposable {
  #fd: number;
  readonly #val = new BigUint64Array(1);
  readonly #vp: number;

  private constructor(fd: number) {
    this.#fd = fd;
    this.#vp = ptr(this.#val);
  }

  /** eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK). Throws SyscallError("eventfd"). */
  static open(): EventFd {
    const fd = libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0) throw new SyscallError("eventfd", lastErrno());
    return new EventFd(fd);
  }

  /** The descriptor. Throws once closed. */
  get fd(): number {
    if (this.#fd < 0) throw new Error("eventfd is closed");
    return this.#fd;
  }

  /** Add 1 to the counter (write(2)), making the fd readable. */
  signal(): void {
    this.#val[0] = 1n;
    for (;;) {
      if ((libc.write(this.fd, this.#vp, 8) as number) === 8) return;
      const e = lastErrno();
      if (e === Errno.EINTR) continue;
      if (e === Errno.EAGAIN) return; // counter saturated: already readable
      throw new SyscallError("write", e, "eventfd");
    }
  }

  /** close(2); idempotent. */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    libc.close(fd);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

const pfds = new ArrayBuffer(16); // two struct pollfd; per thread (each Worker has its own module)
const pdv = new DataView(pfds);
const pp: number = ptr(pfds);

/**
 * poll(2) two fds for POLLIN for up to `timeoutMs` (-1 = forever). Returns a
 * bit mask: 1 when `a` is readable (or has a pending error), 2 when `b` is;
 * 0 on timeout. EINTR is retried. Throws SyscallError("poll"), EBADF for a
 * closed fd.
 */
export function pollEither(a: number, b: number, timeoutMs: number): number {
  for (;;) {
    pdv.setInt32(0, a, true);
    pdv.setInt16(4, POLLIN, true);
    pdv.setInt16(6, 0, true);
    pdv.setInt32(8, b, true);
    pdv.setInt16(12, POLLIN, true);
    pdv.setInt16(14, 0, true);
    const r = libc.poll(pp, 2, timeoutMs);
    if (r < 0) {
      const e = lastErrno();
      if (e === Errno.EINTR) continue;
      throw new SyscallError("poll", e);
    }
    if (r === 0) return 0;
    const ra = pdv.getInt16(6, true);
    const rb = pdv.getInt16(14, true);
    if ((ra | rb) & POLLNVAL) throw new SyscallError("poll", Errno.EBADF);
    const ready = POLLIN | POLLERR | POLLHUP;
    return (ra & ready ? 1 : 0) | (rb & ready ? 2 : 0);
  }
}
