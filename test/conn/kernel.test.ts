/**
 * The request engine against the real kernel (root). Every test runs in
 * its own throwaway network namespace (test/helpers/netns.ts): the socket
 * is opened inside it and `ip -n <ns>` sets things up, so nothing touches
 * the namespace the test process runs in. Results are compared with what
 * iproute2 reports for the same namespace.
 */
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { rawCodec, type RawBody } from "../../codecs/core/raw.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { BatchRequest } from "../../lib/conn/batch.ts";
import { NetlinkConnection, type ConnectionOptions } from "../../lib/conn/connection.ts";
import { NetlinkError, NetlinkTimeoutError } from "../../lib/conn/errors.ts";
import { SO_RCVBUF, SOL_SOCKET } from "../../lib/sys/constants.ts";
import { Errno } from "../../lib/sys/errno.ts";
import { libc } from "../../lib/sys/libc.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { RecordingTransport } from "../../lib/transport/recorder.ts";
import { describeKernel, withTempNetns, type TempNetns } from "../helpers/netns.ts";

const ifinfomsg = rawCodec("ifinfomsg", 16);
const rtmsg = rawCodec("rtmsg", 12);
const nhmsg = rawCodec("nhmsg", 8);
const EMPTY_LINK: RawBody = { header: "00".repeat(16), attrs: {} };

/** `ip -n <ns> args...`; throws with stderr on failure. */
function ip(ns: TempNetns, ...args: string[]): string {
  const r = spawnSync("ip", ["-n", ns.name, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ip -n ${ns.name} ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}
function ipJson<T = any>(ns: TempNetns, ...args: string[]): T {
  return JSON.parse(ip(ns, "-j", ...args) || "[]") as T;
}
function connect(ns: TempNetns, opts: ConnectionOptions = {}): { conn: NetlinkConnection; kt: KernelTransport } {
  const kt = new KernelTransport(ns.socket(0));
  return { conn: new NetlinkConnection(kt, opts), kt };
}
function u32hex(v: number): string {
  return toHex(new Uint8Array(new Uint32Array([v]).buffer));
}
/** ifi_index and IFLA_IFNAME of a raw link message. */
function linkOf(l: RawBody): { ifindex: number; ifname: string } {
  const name = l.attrs.unknown!.find((a) => a.type === 3)!.data;
  return { ifindex: Buffer.from(l.header, "hex").readInt32LE(4), ifname: Buffer.from(name, "hex").toString("latin1").replace(/\0$/, "") };
}
/**
 * RTM_NEWROUTE for 198.51.100.<i % 256>/32 dev `oif` scope link in table
 * 1000 + i/256 (RTA_TABLE), so that every i < 65536 is a distinct route.
 */
function route(i: number, oif: number): BatchRequest<RawBody> {
  // rtmsg: family AF_INET, dst_len 32, src_len 0, tos 0, table RT_TABLE_UNSPEC (RTA_TABLE decides),
  // protocol static (4), scope link (253), type unicast (1), flags 0
  const header = "02200000" + "0004fd01" + "00000000";
  return {
    type: RTM.NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL, codec: rtmsg,
    msg: { header, attrs: { unknown: [
      { type: 15, flags: 0, data: u32hex(1000 + (i >> 8)) }, // RTA_TABLE
      { type: 1, flags: 0, data: toHex(Uint8Array.of(198, 51, 100, i & 0xff)) }, // RTA_DST
      { type: 4, flags: 0, data: u32hex(oif) }, // RTA_OIF
    ] } },
  };
}
/** A veth pair v0/v1, both up; returns v0's ifindex. */
function vethUp(ns: TempNetns): number {
  ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
  ip(ns, "link", "set", "v0", "up");
  ip(ns, "link", "set", "v1", "up");
  return ipJson(ns, "link", "show", "v0")[0].ifindex as number;
}
/** Number of routes iproute2 sees in the 1000+ tables. */
function ourRoutes(ns: TempNetns): number {
  return ipJson<Array<{ table?: string }>>(ns, "-4", "route", "show", "table", "all").filter((r) => Number(r.table) >= 1000).length;
}

describeKernel("request engine against the kernel", () => {
  it("dumps links like iproute2 lists them", () => withTempNetns((ns) => {
    ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
    const { conn } = connect(ns);
    const links = conn.dump(RTM.GETLINK, ifinfomsg, EMPTY_LINK).map(linkOf);
    const want = ipJson<Array<{ ifindex: number; ifname: string }>>(ns, "link", "show").map((l) => ({ ifindex: l.ifindex, ifname: l.ifname }));
    expect(links).toEqual(want);
    expect(links.map((l) => l.ifname)).toEqual(["lo", "v1", "v0"]);
    conn.close();
  }));

  it("surfaces the extended ACK of RTM_NEWLINK with an unknown kind", () => withTempNetns((ns) => {
    const { conn } = connect(ns);
    const kind = new TextEncoder().encode("bnlnosuchkind\0");
    const w = new NlWriter();
    const li = w.beginAttr(18); // IFLA_LINKINFO
    w.attrBytes(1, kind); // IFLA_INFO_KIND
    w.endAttr(li);
    const linkinfo = toHex(w.view().subarray(4));
    let err: unknown;
    try {
      conn.ack(RTM.NEWLINK, NLM_F_CREATE | NLM_F_EXCL, ifinfomsg, {
        header: EMPTY_LINK.header,
        attrs: { unknown: [{ type: 3, flags: 0, data: toHex(new TextEncoder().encode("x0\0")) }, { type: 18, flags: 0, data: linkinfo }] },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetlinkError);
    const e = err as NetlinkError;
    expect([e.errno, e.code, e.extack.msg]).toEqual([95, "EOPNOTSUPP", "Unknown device type"]);
    expect(e.request).toEqual({ type: RTM.NEWLINK, typeName: "RTM_NEWLINK", seq: 1 });
    expect(e.message).toBe("RTM_NEWLINK: EOPNOTSUPP (Operation not supported): Unknown device type");
    expect(ipJson(ns, "link", "show").length).toBe(1);
  }));

  it("surfaces the extended ACK of a nexthop with an invalid gateway", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const { conn } = connect(ns);
    let err: unknown;
    try {
      // nhmsg: family AF_INET, scope 0, protocol 0, resvd 0, flags 0; NHA_ID 1, NHA_OIF v0, NHA_GATEWAY 192.0.2.1 (not on-link)
      conn.ack(RTM.NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, nhmsg, { header: "02000000" + "00000000", attrs: { unknown: [
        { type: 1, flags: 0, data: u32hex(1) }, { type: 5, flags: 0, data: u32hex(oif) }, { type: 6, flags: 0, data: "c0000201" },
      ] } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetlinkError);
    const e = err as NetlinkError;
    expect([e.errno, e.code, e.extack.msg]).toEqual([101, "ENETUNREACH", "Nexthop has invalid gateway"]);
    expect(e.message).toBe("RTM_NEWNEXTHOP: ENETUNREACH (Network is unreachable): Nexthop has invalid gateway");
    // iproute2 reports the same kernel text for the same request
    const r = spawnSync("ip", ["-n", ns.name, "nexthop", "add", "id", "1", "via", "192.0.2.1", "dev", "v0"], { encoding: "utf8" });
    expect(r.stderr.trim()).toBe("Error: Nexthop has invalid gateway.");
  }));

  it("reassembles a dump that spans many datagrams", () => withTempNetns((ns) => {
    for (let i = 0; i < 60; i++) ip(ns, "link", "add", `a${i}`, "type", "veth", "peer", "name", `b${i}`);
    const rec = new RecordingTransport(new KernelTransport(ns.socket(0)));
    const conn = new NetlinkConnection(rec);
    const links = conn.dump(RTM.GETLINK, ifinfomsg, EMPTY_LINK).map(linkOf);
    const datagrams = rec.exchanges.at(-1)!.recv.length;
    expect(datagrams).toBeGreaterThan(4);
    expect(links).toHaveLength(121);
    expect(links).toEqual(ipJson<Array<{ ifindex: number; ifname: string }>>(ns, "link", "show").map((l) => ({ ifindex: l.ifindex, ifname: l.ifname })));
    // the streaming form yields the same, datagram by datagram
    expect([...conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY_LINK)].map(linkOf)).toEqual(links);
  }));

  it("attributes each EEXIST of a pipelined batch of 1,000 routes to its request", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const { conn } = connect(ns);
    // every 97th request repeats the one 40 before it
    const dups = new Set<number>();
    const reqs = Array.from({ length: 1000 }, (_, i) => {
      if (i > 0 && i % 97 === 0) {
        dups.add(i);
        return route(i - 40, oif);
      }
      return route(i, oif);
    });
    const r = conn.batch(reqs);
    expect(r.errors.map((e) => e.index)).toEqual([...dups]);
    expect(r.ok).toBe(1000 - dups.size);
    for (const { index, error } of r.errors) {
      expect(error.code).toBe("EEXIST");
      expect(error.request).toMatchObject({ type: RTM.NEWROUTE, index });
    }
    expect(ourRoutes(ns)).toBe(1000 - dups.size);
  }));

  it("a batch of 20,000 requests with window 4096 on the default receive buffer loses no ACK", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const rec = new RecordingTransport(new KernelTransport(ns.socket(0)));
    const conn = new NetlinkConnection(rec);
    expect(rec.receiveBufferSize()).toBe(212992); // the kernel default, nothing raised
    // ackEach: an ACK for every request, the receive buffer's worst case
    const r = conn.batch(Array.from({ length: 20000 }, (_, i) => route(i, oif)), { window: 4096, ackEach: true });
    expect(r).toEqual({ ok: 20000, errors: [], stopped: false, sent: 20000 });
    expect(rec.exchanges.length).toBeGreaterThan(20000 / 4096);
    for (const ex of rec.exchanges) expect(ex.recv.length).toBe(ex.send.length / 2 / 52); // one ACK per 52-byte request
    expect(ourRoutes(ns)).toBe(20000);
  }), 60_000);

  it("by default a window asks one ACK, on its last request, and every request is still accounted for", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const rec = new RecordingTransport(new KernelTransport(ns.socket(0)));
    const conn = new NetlinkConnection(rec);
    const reqs = Array.from({ length: 5000 }, (_, i) => route(i, oif));
    reqs.push(route(17, oif)); // a duplicate of request 17: EEXIST, answered although no ACK was asked
    const r = conn.batch(reqs, { window: 1024 });
    expect(r.ok).toBe(5000);
    expect(r.errors.map((e) => [e.index, e.error.errno])).toEqual([[5000, Errno.EEXIST]]);
    const sends = rec.exchanges.filter((ex) => ex.send.length > 0);
    expect(sends.length).toBeGreaterThan(5001 / 1024);
    for (const ex of sends) {
      const bytes = Buffer.from(ex.send, "hex");
      const acked: number[] = [];
      for (let o = 0; o < bytes.length;) {
        const len = bytes.readUInt32LE(o);
        if (bytes.readUInt16LE(o + 6) & 0x4) acked.push(o);
        o += len;
      }
      expect(acked.length).toBe(1); // NLM_F_ACK on one request of the window,
      expect(acked[0]).toBe(bytes.length - 52); // the last one
    }
    expect(ourRoutes(ns)).toBe(5000);
  }), 60_000);

  it("an unbounded window overflows the receive buffer: a clear error, no deadlock, the connection stays usable", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const kt = new KernelTransport(ns.socket(0));
    kt.receiveBufferSize = () => 64 << 20; // pretend the buffer is huge, so the engine does not bound the window
    const conn = new NetlinkConnection(kt);
    expect(() => conn.batch(Array.from({ length: 2000 }, (_, i) => route(i, oif)), { window: 2000, ackEach: true })).toThrow(/kernel dropped answers \(ENOBUFS/);
    expect(kt.socket.getInt(SOL_SOCKET, SO_RCVBUF)).toBe(212992);
    const links = conn.dump(RTM.GETLINK, ifinfomsg, EMPTY_LINK);
    expect(links.map((l) => linkOf(l).ifname)).toEqual(["lo", "v1", "v0"]);
  }));

  it("ignores a forged reply sent to our port id from another netlink socket", () => withTempNetns((ns) => {
    const { conn, kt } = connect(ns);
    const forger = ns.socket(0);
    try {
      // What our next request (seq 1) would get as an answer: an EPERM refusal and a bogus link.
      const w = new NlWriter();
      let m = w.beginMessage(NLMSG_ERROR, 0x100, 1, conn.portId);
      w.s32(-1); w.u32(32); w.u16(RTM.GETLINK); w.u16(1); w.u32(1); w.u32(0);
      w.endMessage(m);
      m = w.beginMessage(RTM.NEWLINK, 0, 1, conn.portId);
      w.bytes(new Uint8Array(16).fill(0x77));
      w.endMessage(m);
      const to = new Uint8Array(12);
      new DataView(to.buffer).setUint16(0, 16, true); // AF_NETLINK
      new DataView(to.buffer).setUint32(4, conn.portId, true); // nl_pid: our port
      const sent = Number(libc.sendto(forger.fd, w.view(), w.pos, 0, to, 12));
      expect(sent).toBe(w.pos);
      expect(kt.waitReadable(0)).toBe(true); // it was delivered to our queue
      // RTM_GETLINK for lo by index (1): the real answer, not the forgery
      const lo = conn.get(RTM.GETLINK, ifinfomsg, { header: "00000000" + "01000000" + "0000000000000000", attrs: {} });
      expect(linkOf(lo)).toEqual({ ifindex: 1, ifname: "lo" });
      expect(kt.waitReadable(0)).toBe(false);
    } finally {
      forger.close();
    }
  }));

  it("NLM_F_ECHO: the kernel's copy of the new object comes back with our seq and port", () => withTempNetns((ns) => {
    const oif = vethUp(ns);
    const { conn } = connect(ns);
    const echoed = conn.echo(RTM.NEWROUTE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, rtmsg, route(7, oif).msg);
    expect(echoed).toHaveLength(1);
    // rtmsg family inet, /32, table RT_TABLE_COMPAT (252: the real table is in RTA_TABLE), static, link, unicast
    expect(echoed[0]!.header).toBe("02200000" + "fc04fd01" + "00000000");
    expect(echoed[0]!.attrs.unknown!.find((a) => a.type === 15)!.data).toBe(u32hex(1000));
    expect(echoed[0]!.attrs.unknown!.find((a) => a.type === 1)!.data).toBe("c6336407");
    expect(ourRoutes(ns)).toBe(1);
  }));

  it("a receive timeout gives NetlinkTimeoutError and the connection stays usable", () => withTempNetns((ns) => {
    const { conn } = connect(ns, { timeoutMs: 200 });
    // RTM_SETLINK without NLM_F_ACK that succeeds: the kernel sends nothing back
    const t0 = performance.now();
    let err: unknown;
    try {
      conn.get(RTM.SETLINK, ifinfomsg, { header: "00000000" + "01000000" + "0000000000000000", attrs: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetlinkTimeoutError);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect((err as NetlinkTimeoutError).request).toMatchObject({ typeName: "RTM_SETLINK", seq: 1 });
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY_LINK).map((l) => linkOf(l).ifname)).toEqual(["lo"]);
  }));

  it("switches NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK on; a connection without strict checking works too", () => withTempNetns((ns) => {
    ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
    const { conn: strict } = connect(ns);
    expect([strict.extAck, strict.strictCheck]).toEqual([true, true]);
    // ifi_flags in a dump request: refused under strict checking, ignored otherwise
    const badHeader: RawBody = { header: "00000000" + "00000000" + "01000000" + "00000000", attrs: {} };
    let err: unknown;
    try {
      strict.dump(RTM.GETLINK, ifinfomsg, badHeader);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).extack.msg).toBe("Invalid values in header for link dump request");
    // strict checking also lets the kernel filter: IFLA_LINKINFO { IFLA_INFO_KIND "veth" }
    const w = new NlWriter();
    w.attrString(1, "veth");
    const kindFilter: RawBody = { header: "00".repeat(16), attrs: { unknown: [{ type: 18, flags: 0, data: toHex(w.view()) }] } };
    const filtered = strict.dumpDetailed(RTM.GETLINK, ifinfomsg, kindFilter);
    expect(filtered.filtered).toBe(true);
    expect(filtered.items.map((l) => linkOf(l).ifname)).toEqual(["v1", "v0"]);
    const { conn: lax } = connect(ns, { strictCheck: false });
    expect([lax.extAck, lax.strictCheck]).toEqual([true, false]);
    expect(lax.dump(RTM.GETLINK, ifinfomsg, badHeader).map((l) => linkOf(l).ifname)).toEqual(["lo", "v1", "v0"]);
  }));
});
