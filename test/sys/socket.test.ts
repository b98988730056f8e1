// NetlinkSocket against the real kernel. Anything beyond open/close runs in a
// throwaway network namespace (test/helpers/netns.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { NetlinkSocket } from "../../lib/sys/netlink-socket.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { closeFd, fcntl, openPath } from "../../lib/sys/ns.ts";
import { libc } from "../../lib/sys/libc.ts";
import {
  F_GETFD,
  FD_CLOEXEC,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
  NETLINK_ROUTE,
  SO_RCVBUF,
  SOL_NETLINK,
  SOL_SOCKET,
} from "../../lib/sys/constants.ts";
import { describeKernel, type TempNetns, tempNetns } from "../helpers/netns.ts";

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const NLM_F_REQUEST = 0x1;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP = 0x300;
const RTNLGRP_LINK = 1;

interface Msg {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
  offset: number;
}

/** Split one datagram into nlmsghdr headers (4-byte aligned). */
function messages(d: Uint8Array): Msg[] {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: Msg[] = [];
  let off = 0;
  while (off + 16 <= d.length) {
    const len = dv.getUint32(off, true);
    expect(len).toBeGreaterThanOrEqual(16);
    out.push({
      len,
      type: dv.getUint16(off + 4, true),
      flags: dv.getUint16(off + 6, true),
      seq: dv.getUint32(off + 8, true),
      pid: dv.getUint32(off + 12, true),
      offset: off,
    });
    off += (len + 3) & ~3;
  }
  expect(off).toBe(d.length);
  return out;
}

/** Hand-built RTM_GETLINK dump request: nlmsghdr (32 bytes total) + zeroed ifinfomsg. */
function getlinkDump(seq: number): Uint8Array {
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 32, true);
  dv.setUint16(4, RTM_GETLINK, true);
  dv.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, true); // 0x301
  dv.setUint32(8, seq, true);
  dv.setUint32(12, 0, true);
  return b;
}

/** Receive until NLMSG_DONE; returns all messages and the datagram sizes. */
function readDump(sock: NetlinkSocket, seq: number): { msgs: Msg[]; names: string[]; datagrams: number[] } {
  const msgs: Msg[] = [];
  const names: string[] = [];
  const datagrams: number[] = [];
  for (;;) {
    const d = sock.recv();
    expect(d).not.toBeNull();
    const dg = d as Uint8Array;
    datagrams.push(dg.length);
    const ms = messages(dg);
    for (const m of ms) {
      expect(m.seq).toBe(seq);
      expect(m.pid).toBe(sock.portId);
      msgs.push(m);
      if (m.type === RTM_NEWLINK) names.push(ifname(dg, m));
    }
    const last = ms[ms.length - 1] as Msg;
    if (last.type === NLMSG_DONE) return { msgs, names, datagrams };
    expect(last.type).not.toBe(NLMSG_ERROR);
  }
}

/** IFLA_IFNAME (3) of an RTM_NEWLINK message. */
function ifname(d: Uint8Array, m: Msg): string {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let off = m.offset + 16 + 16;
  while (off + 4 <= m.offset + m.len) {
    const alen = dv.getUint16(off, true);
    const atype = dv.getUint16(off + 2, true) & 0x3fff;
    if (atype === 3) return new TextDecoder().decode(d.subarray(off + 4, off + alen - 1));
    off += (alen + 3) & ~3;
  }
  return "?";
}

describe("NetlinkSocket basics (current namespace, read-only)", () => {
  it("opens with a non-zero kernel-assigned port id, distinct per socket", () => {
    using a = NetlinkSocket.open(NETLINK_ROUTE);
    using b = NetlinkSocket.open(NETLINK_ROUTE);
    expect(a.portId).not.toBe(0);
    expect(b.portId).not.toBe(0);
    expect(a.portId).not.toBe(b.portId);
    expect(a.fd).toBeGreaterThan(2);
    expect(a.closed).toBe(false);
  });

  it("sets FD_CLOEXEC on the fd", () => {
    using s = NetlinkSocket.open(NETLINK_ROUTE);
    expect(fcntl(s.fd, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    const flags = /flags:\s+([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${s.fd}`, "utf8"))?.[1];
    expect(flags).toBeDefined();
    expect(Number.parseInt(flags as string, 8) & 0o2000000).toBe(0o2000000);
  });

  it("close is idempotent and use after close is a clear error", () => {
    const s = NetlinkSocket.open(NETLINK_ROUTE);
    s.close();
    s.close();
    s[Symbol.dispose]();
    expect(s.closed).toBe(true);
    const closed = "netlink socket is closed";
    expect(() => s.fd).toThrow(closed);
    expect(() => s.send(getlinkDump(1))).toThrow(closed);
    expect(() => s.recv()).toThrow(closed);
    expect(() => s.recv({ dontWait: true })).toThrow(closed);
    expect(() => s.waitReadable(0)).toThrow(closed);
    expect(() => s.setInt(SOL_NETLINK, NETLINK_EXT_ACK, 1)).toThrow(closed);
    expect(() => s.getInt(SOL_SOCKET, SO_RCVBUF)).toThrow(closed);
    expect(() => s.trySetInt(SOL_NETLINK, NETLINK_EXT_ACK, 1)).toThrow(closed);
    expect(() => s.setReceiveTimeout(10)).toThrow(closed);
    expect(() => s.setReceiveBuffer(65536)).toThrow(closed);
    expect(() => s.addMembership(RTNLGRP_LINK)).toThrow(closed);
  });

  it("never touches its old fd number after close, even when it is reused", () => {
    const s = NetlinkSocket.open(NETLINK_ROUTE);
    const old = s.fd;
    s.close();
    // open(2) returns the lowest free fd, so the released number comes back
    // (unless another Bun thread grabbed it first: keep the extras open).
    const extra: number[] = [];
    let reused = openPath("/dev/null");
    while (reused !== old && extra.length < 8) {
      extra.push(reused);
      reused = openPath("/dev/null");
    }
    for (const fd of extra) closeFd(fd);
    try {
      expect(reused).toBe(old);
      s.close();
      expect(() => s.recv({ dontWait: true })).toThrow("netlink socket is closed");
      expect(fcntl(reused, F_GETFD)).toBeGreaterThanOrEqual(0); // still open
    } finally {
      closeFd(reused);
    }
  });

  it("rejects bad arguments before any syscall", () => {
    expect(() => NetlinkSocket.open(-1)).toThrow(RangeError);
    expect(() => NetlinkSocket.open(32)).toThrow(/protocol/);
    expect(() => NetlinkSocket.open(0, { rcvbuf: 0 })).toThrow(/rcvbuf/);
    expect(() => NetlinkSocket.open(0, { groups: -1 })).toThrow(/groups/);
    using s = NetlinkSocket.open(NETLINK_ROUTE);
    expect(() => s.send("x" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => s.addMembership(0)).toThrow(/group/);
    expect(() => s.setReceiveTimeout(-1)).toThrow(/ms/);
    expect(() => s.waitReadable(-2)).toThrow(/timeoutMs/);
  });

  it("dontWait recv returns null and waitReadable false when nothing is queued", () => {
    using s = NetlinkSocket.open(NETLINK_ROUTE);
    expect(s.recv({ dontWait: true })).toBeNull();
    expect(s.waitReadable(0)).toBe(false);
    const t0 = performance.now();
    expect(s.waitReadable(30)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
});

describeKernel("NetlinkSocket in a throwaway namespace", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
  });
  afterAll(() => ns?.remove());

  it("dumps links with a hand-built RTM_GETLINK request, ending in NLMSG_DONE", () => {
    using s = ns.socket(NETLINK_ROUTE);
    expect(s.send(getlinkDump(1))).toBe(32);
    expect(s.waitReadable(1000)).toBe(true);
    const { msgs, names } = readDump(s, 1);
    expect(msgs[msgs.length - 1]?.type).toBe(NLMSG_DONE);
    expect(names).toEqual(["lo"]); // a fresh namespace has only loopback
    expect(s.recv({ dontWait: true })).toBeNull();
  });

  it("sends a subarray view from its byteOffset (Bun passes the view, not the whole buffer)", () => {
    using s = ns.socket(NETLINK_ROUTE);
    const backing = new Uint8Array(96).fill(0xee);
    const view = backing.subarray(40, 72);
    view.set(getlinkDump(8));
    expect(s.send(view)).toBe(32);
    expect(readDump(s, 8).names).toEqual(["lo"]);
  });

  it("receives a datagram far larger than its 32 KiB starting buffer without truncation", () => {
    using s = ns.socket(NETLINK_ROUTE, { sndbuf: 1 << 20, rcvbuf: 1 << 20 });
    // RTM_GETLINK for a missing ifindex with a 100 KB padding attribute and
    // NLM_F_ACK: the kernel answers ENODEV and echoes the whole request.
    const padLen = 100_000;
    const len = 16 + 16 + 4 + padLen;
    const req = new Uint8Array(len);
    const dv = new DataView(req.buffer);
    dv.setUint32(0, len, true);
    dv.setUint16(4, RTM_GETLINK, true);
    dv.setUint16(6, NLM_F_REQUEST | NLM_F_ACK, true);
    dv.setUint32(8, 77, true);
    dv.setInt32(16 + 4, 0x7ffffff0, true); // ifi_index: does not exist
    dv.setUint16(32, 4 + padLen, true);
    dv.setUint16(34, 0x3fff, true); // an attribute type the kernel ignores
    for (let i = 0; i < padLen; i++) req[36 + i] = i & 0xff;
    expect(s.send(req)).toBe(len);
    const d = s.recv() as Uint8Array;
    expect(d.length).toBe(16 + 4 + len);
    const m = messages(d)[0] as Msg;
    expect(m.type).toBe(NLMSG_ERROR);
    expect(m.seq).toBe(77);
    const err = new DataView(d.buffer, d.byteOffset).getInt32(16, true);
    expect(err).toBe(-19); // -ENODEV
    expect(Buffer.from(d.subarray(20)).equals(Buffer.from(req))).toBe(true);
    // the grown buffer keeps working for small datagrams
    s.send(getlinkDump(2));
    expect(readDump(s, 2).names).toEqual(["lo"]);
  });

  it("a receive timeout throws EAGAIN and the socket stays usable", () => {
    using s = ns.socket(NETLINK_ROUTE);
    s.setReceiveTimeout(50);
    const t0 = performance.now();
    let err: unknown;
    try {
      s.recv();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SyscallError);
    expect((err as SyscallError).code).toBe("EAGAIN");
    expect((err as SyscallError).syscall).toBe("recvmsg");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
    s.send(getlinkDump(3));
    expect(readDump(s, 3).names).toEqual(["lo"]);
    s.setReceiveTimeout(0);
    s.send(getlinkDump(4));
    expect(readDump(s, 4).names).toEqual(["lo"]);
  });

  it("drops datagrams that do not come from the kernel", () => {
    using a = ns.socket(NETLINK_ROUTE);
    using b = ns.socket(NETLINK_ROUTE);
    // b unicasts a fake NLMSG_DONE to a's port id (sockaddr_nl{AF_NETLINK, 0, a.portId, 0}).
    const addr = new Uint8Array(12);
    const av = new DataView(addr.buffer);
    av.setUint16(0, 16, true);
    av.setUint32(4, a.portId, true);
    const fake = getlinkDump(99);
    new DataView(fake.buffer).setUint16(4, NLMSG_DONE, true);
    expect(Number(libc.sendto(b.fd, fake, fake.length, 0, addr, 12))).toBe(fake.length);
    expect(a.waitReadable(0)).toBe(true);
    a.send(getlinkDump(5));
    const { msgs } = readDump(a, 5); // seq 99 from b would fail the seq check
    expect(msgs.every((m) => m.seq === 5)).toBe(true);
    // only b's datagram queued: dontWait drops it and reports nothing
    expect(Number(libc.sendto(b.fd, fake, fake.length, 0, addr, 12))).toBe(fake.length);
    expect(a.recv({ dontWait: true })).toBeNull();
  });

  it("gets and sets socket options; trySetInt reports missing options as false", () => {
    using s = ns.socket(NETLINK_ROUTE);
    s.setInt(SOL_NETLINK, NETLINK_EXT_ACK, 1);
    expect(s.getInt(SOL_NETLINK, NETLINK_EXT_ACK)).toBe(1);
    expect(s.trySetInt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)).toBe(true);
    expect(s.getInt(SOL_NETLINK, NETLINK_GET_STRICT_CHK)).toBe(1);
    expect(s.trySetInt(SOL_NETLINK, 999, 1)).toBe(false); // ENOPROTOOPT
    expect(() => s.setInt(SOL_NETLINK, 999, 1)).toThrow(/setsockopt level 270 option 999: ENOPROTOOPT/);
    s.setReceiveBuffer(4 << 20); // root: SO_RCVBUFFORCE beats rmem_max
    expect(s.getInt(SOL_SOCKET, SO_RCVBUF)).toBeGreaterThanOrEqual(4 << 20);
  });

  it("multicast membership delivers link events; dropMembership stops them", () => {
    using s = ns.socket(NETLINK_ROUTE);
    s.addMembership(RTNLGRP_LINK);
    ns.exec(["ip", "link", "set", "lo", "up"]);
    expect(s.waitReadable(2000)).toBe(true);
    const d = s.recv() as Uint8Array;
    const m = messages(d)[0] as Msg;
    expect(m.type).toBe(RTM_NEWLINK);
    expect(ifname(d, m)).toBe("lo");
    while (s.recv({ dontWait: true }) !== null) {
      // drain
    }
    s.dropMembership(RTNLGRP_LINK);
    ns.exec(["ip", "link", "set", "lo", "down"]);
    expect(s.waitReadable(100)).toBe(false);
  });

  it("an overrun reports ENOBUFS once and the socket keeps working", () => {
    using s = ns.socket(NETLINK_ROUTE, { rcvbuf: 1 }); // clamped to the kernel minimum
    s.addMembership(RTNLGRP_LINK);
    // each RTM_NEWLINK event for lo is well over 1 KiB: a few overflow the queue
    const batch = Array.from({ length: 40 }, (_, i) => `link set lo ${i % 2 ? "down" : "up"}`).join("\n");
    expect(ns.exec(["ip", "-batch", "-"], { stdin: `${batch}\n` }).exitCode).toBe(0);
    let err: unknown;
    for (let i = 0; i < 100 && err === undefined; i++) {
      try {
        if (s.recv({ dontWait: true }) === null) break;
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(SyscallError);
    expect((err as SyscallError).code).toBe("ENOBUFS");
    expect((err as SyscallError).message).toBe("recvmsg: ENOBUFS (No buffer space available)");
    while (s.recv({ dontWait: true }) !== null) {
      // drain what is left
    }
    s.dropMembership(RTNLGRP_LINK);
    s.send(getlinkDump(6));
    expect(readDump(s, 6).names).toEqual(["lo"]);
  });

  it("binds to legacy multicast groups through the groups option", () => {
    using s = ns.socket(NETLINK_ROUTE, { groups: 1 /* RTMGRP_LINK */ });
    ns.exec(["ip", "link", "set", "lo", "up"]);
    expect(s.waitReadable(2000)).toBe(true);
    expect(messages(s.recv() as Uint8Array)[0]?.type).toBe(RTM_NEWLINK);
  });
});
