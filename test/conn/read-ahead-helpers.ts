/**
 * What the read-ahead tests share (test/conn/read-ahead*.test.ts): a
 * namespace holding many IPv6 routes, a connection over a kernel transport,
 * a raw route dump recorded message by message, and a request answered by
 * an ACK.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { toHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import type { ReadAheadEngineName } from "../../lib/transport/transport.ts";
import { addLines } from "../../bench/lib/route-sets.ts";
import { tempNetns, type TempNetns } from "../helpers/netns.ts";
import { ipOk } from "../cli/helpers.ts";

const BASE = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
  "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
];

/** A namespace with `n` IPv6 routes of the benchmark's mix (2001:2::/48, inside it only). */
export function populated(n: number): TempNetns {
  const ns = tempNetns();
  ipOk(["-n", ns.name, "-batch", "-"], [...BASE, ...addLines("v6-mix", n)].join("\n") + "\n");
  return ns;
}

export function connect(ns: TempNetns, readAhead: boolean | ReadAheadEngineName, readAheadSlot?: number): { conn: NetlinkConnection; kt: KernelTransport } {
  const kt = new KernelTransport(ns.socket(0), readAheadSlot === undefined ? {} : { readAheadSlot });
  return { conn: new NetlinkConnection(kt, { readAhead }), kt };
}

/** Every message of an IPv6 route dump as type, flags and payload hex (`stopAt`: the visitor throws at that message). */
export function dumpRoutes(conn: NetlinkConnection, stopAt = -1): string[] {
  const out: string[] = [];
  conn.raw(RTM.GETROUTE, 0, (w) => {
    w.u8(10); // AF_INET6, the rest of rtmsg zero
    for (let i = 0; i < 11; i++) w.u8(0);
  }, (buf, _dv, payload, end, type, flags) => {
    if (out.length === stopAt) throw new Error("visitor stops");
    out.push(`${type}/${flags}/${toHex(buf.subarray(payload, end))}`);
  }, true);
  return out;
}

/** A request answered by an ACK (lo up), to see the socket is ours again. */
export function linkUp(conn: NetlinkConnection): void {
  conn.raw(RTM.NEWLINK, 0, (w) => {
    w.u8(0); w.u8(0); w.u16(0); w.s32(1); w.u32(1); w.u32(1); // ifinfomsg: lo, IFF_UP
  });
}

/** The namespaces of a read-ahead describe block and their plain dumps (filled before its tests run). */
export interface DumpTables {
  /** 20,000 IPv6 routes: ~85 datagrams of up to 32 KiB. */
  big: TempNetns;
  /** 1,200 routes: ~6 datagrams (over before a new Worker is ready; outrun by a chain of 8 io_uring receives). */
  small: TempNetns;
  want: string[];
  wantSmall: string[];
}

/** Make the two namespaces before the block's tests (and their dumps without read-ahead), remove them after. */
export function dumpTables(): DumpTables {
  const t = {} as DumpTables;
  beforeAll(() => {
    t.big = populated(20_000);
    t.small = populated(1_200);
    t.want = dumpRoutes(connect(t.big, false).conn);
    t.wantSmall = dumpRoutes(connect(t.small, false).conn);
    expect(t.want.length).toBeGreaterThan(20_000);
  }, 120_000);
  afterAll(() => {
    t.big?.remove();
    t.small?.remove();
  });
  return t;
}
