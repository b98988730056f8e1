/**
 * The wake-up eventfd that stops a subscription's thread
 * (lib/sys/eventfd.ts): poll(2) on a socket and the eventfd reports which is
 * readable, a signal wakes a waiter at once, the fd is close-on-exec and
 * non-blocking, and a closed fd is a clean error. No root needed (a netlink
 * socket in the caller's namespace, nothing changed).
 */
import { describe, expect, it } from "vitest";
import { F_GETFD, F_GETFL, FD_CLOEXEC, O_NONBLOCK } from "../../lib/sys/constants.ts";
import { EventFd, pollEither } from "../../lib/sys/eventfd.ts";
import { NetlinkSocket } from "../../lib/sys/netlink-socket.ts";
import { fcntl } from "../../lib/sys/ns.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";

describe("EventFd and pollEither", () => {
  it("reports the eventfd once signalled, and not before", () => {
    using sock = NetlinkSocket.open(0);
    using efd = EventFd.open();
    expect(pollEither(sock.fd, efd.fd, 0)).toBe(0);
    efd.signal();
    efd.signal(); // counting up again is harmless
    expect(pollEither(sock.fd, efd.fd, 0)).toBe(2);
    expect(pollEither(sock.fd, efd.fd, -1)).toBe(2); // would block forever if it were not readable
  });

  it("reports the socket when it has a datagram", () => {
    using sock = NetlinkSocket.open(0);
    using efd = EventFd.open();
    // RTM_GETLINK for ifindex 1 (lo): the kernel answers at once
    const req = new Uint8Array(32);
    const dv = new DataView(req.buffer);
    dv.setUint32(0, 32, true);
    dv.setUint16(4, 18, true);
    dv.setUint16(6, 1, true); // NLM_F_REQUEST
    dv.setInt32(20, 1, true);
    sock.send(req);
    expect(pollEither(sock.fd, efd.fd, 1000)).toBe(1);
  });

  it("is close-on-exec and non-blocking; a closed fd is EBADF, close is idempotent", () => {
    using sock = NetlinkSocket.open(0);
    const efd = EventFd.open();
    expect(fcntl(efd.fd, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    expect(fcntl(efd.fd, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    const n = efd.fd;
    efd.close();
    efd.close();
    expect(() => efd.fd).toThrow(/closed/);
    expect(() => efd.signal()).toThrow(/closed/);
    let err: unknown;
    try {
      pollEither(sock.fd, n, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SyscallError);
    expect((err as SyscallError).code).toBe("EBADF");
  });
});
