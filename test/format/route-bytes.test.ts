/**
 * `-json route show` from the dump's bytes (lib/format/route-list.ts with
 * `bytes`: route-json.ts, route-text.ts) against the generic listing (decodeRoute, routePasses, printRoute through a Printer)
 * on random dumps, no kernel needed: plain IPv4 and IPv6 FIB routes of
 * every type, table, protocol, scope and flag mix, with multipath paths,
 * cache info and preference, and routes the fast writer must leave to the
 * generic code (metrics, odd paths, ipids, via, mark, source prefixes,
 * unknown or repeated attributes, malformed ones)
 * mixed in. The output bytes, the link-name lookups (in order) and any
 * error must be the same.
 */
import { describe, expect, it } from "vitest";
import { decodeRoute } from "../../codecs/route/decode.ts";
import type { Ctx } from "../../cli/context.ts";
import type { LinkNames } from "../../cli/link-names.ts";
import { Printer } from "../../lib/format/printer.ts";
import { routePasses, showEnv, type RouteFilter } from "../../cli/route-filter.ts";
import { printRoute } from "../../lib/format/route.ts";
import { RouteListWriter } from "../../lib/format/route-list.ts";
import { Rng, runSeed } from "../cli/helpers.ts";

interface Msg0 {
  buf: Uint8Array;
  dv: DataView;
  off: number;
  end: number;
}

/** The messages printed by a RouteListWriter with `bytes` (as `ip route show` of a family/table filter); the output and the writer. */
function listBytes(msgs: Msg0[], f: RouteFilter, names: LinkNames, json: boolean, oneline = false): { out: string; generics: number } {
  const parts: Uint8Array[] = [];
  const w = new RouteListWriter({
    json, oneline, bytes: true, family: f.family, table: f.tb, passes: (m) => routePasses(f, m),
    show: showEnv(ctxStub, f, names), write: (b) => parts.push(b.slice()),
  });
  w.begin();
  for (const m of msgs) w.visit(m.buf, m.dv, m.off, m.end);
  w.end();
  return { out: parts.map((b) => new TextDecoder().decode(b)).join(""), generics: w.generics };
}

/** Builds one route message payload (rtmsg + attributes) by hand. */
class Msg {
  private readonly parts: number[] = [];
  constructor(family: number, dstLen: number, srcLen: number, tos: number, table: number, proto: number, scope: number, type: number, flags: number) {
    this.parts.push(family, dstLen, srcLen, tos, table, proto, scope, type, flags & 255, (flags >>> 8) & 255, (flags >>> 16) & 255, flags >>> 24);
  }
  attr(type: number, payload: number[]): this {
    const len = 4 + payload.length;
    this.parts.push(len & 255, len >> 8, type & 255, type >> 8, ...payload);
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  u32(type: number, v: number): this {
    return this.attr(type, [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24]);
  }
  ip4(type: number, v: number): this {
    return this.attr(type, [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** An address attribute payload of the route's family. */
function addrBytes(r: Rng, v6: boolean, v4: number): number[] {
  return v6 ? [0x20, 1, 0xd, 0xb8, ...Array.from({ length: 12 }, () => (r.chance(0.5) ? 0 : r.int(0, 255)))] : [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255];
}

/** RTA_MULTIPATH payload: 1-3 rtnexthops, mostly with a gateway of the family, now and then an odd one. */
function multipath(r: Rng, v6: boolean): number[] {
  const out: number[] = [];
  for (let k = r.int(1, 3); k > 0; k--) {
    const attrs: number[] = [];
    if (r.chance(0.8)) {
      const a = r.chance(0.03) ? [1, 2, 3] : addrBytes(r, v6, r.pick([0xc0000202, 0xc0000203]));
      attrs.push(4 + a.length, 0, 5, 0, ...a);
      while (attrs.length % 4) attrs.push(0);
    }
    if (r.chance(0.03)) attrs.push(8, 0, 11, 0, 2, 0, 1, 0); // flow
    const len = 8 + attrs.length;
    const ifindex = r.chance(0.05) ? 0 : r.pick([2, 3, 9]);
    out.push(len & 255, len >> 8, r.chance(0.8) ? 0 : r.pick([1, 4, 0x10]), r.int(0, 3), ifindex, 0, 0, 0, ...attrs);
  }
  return out;
}

/** rta_cacheinfo (32 bytes): mostly an expiry and an error, now and then an ipid or timestamps (generic); `own` draws the use counters. */
function cacheinfo(r: Rng, own: Rng): number[] {
  const le = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
  const expires = r.chance(0.5) ? 0 : r.pick([100, 12345, 0xfffffff0]);
  const error = r.chance(0.8) ? 0 : r.pick([113, 0xffffff8f]);
  const id = r.chance(0.95) ? 0 : 7;
  const ts = r.chance(0.95) ? 0 : 9;
  return [...le(own.int(0, 5)), ...le(own.int(0, 999)), ...le(expires), ...le(error), ...le(own.int(0, 9)), ...le(id), ...le(ts), ...le(0)];
}

/**
 * A random route; `own` draws what differs between routes that are alike (the
 * destination address, the cache info's use counters, now and then one
 * other value): routes made from equal `r`s differ in those alone, as
 * most of a big table does (route-tail.ts).
 */
function randomRoute(r: Rng, own = r): Uint8Array {
  // now and then one more value comes from `own` too (drawn from `r` as well, so that the rest stays alike)
  const vary = own === r ? -1 : own.int(0, 20);
  const one = <T>(k: number, f: (g: Rng) => T): T => {
    const v = f(r);
    return vary === k ? f(own) : v;
  };
  const v6 = r.chance(0.3);
  const dstLen = v6 ? r.pick([128, 128, 64, 48, 0, r.int(0, 128)]) : r.pick([32, 32, 32, 24, 16, 0, r.int(0, 32)]);
  const type = one(0, (g) => (g.chance(0.8) ? 1 : g.pick([2, 3, 6, 7, 8, 9, 5, 0, 11, 40])));
  const table = one(1, (g) => g.pick([254, 254, 255, 253, 100, 0, 7, 252]));
  const proto = one(2, (g) => g.pick([3, 3, 2, 4, 186, 0, 99, 250]));
  const scope = one(3, (g) => g.pick([0, 0, 253, 254, 200, 255, 7]));
  const flags = one(4, (g) => (g.chance(0.85) ? 0 : g.pick([0x4, 0x10, 0x1 | 0x4, 0x200, 0x40, 0x100, 0x4000, 0x20000000, 0x80000])));
  const m = new Msg(v6 ? 10 : 2, dstLen, r.chance(0.03) ? 8 : 0, r.chance(0.03) ? 0x10 : 0, table, proto, scope, type, flags);
  const bigTable = one(5, (g) => (g.chance(0.1) ? g.pick([1000, 70000, 4294967295]) : -1));
  const attrs: Array<() => void> = [];
  attrs.push(() => m.u32(15, bigTable >= 0 ? bigTable : table));
  if (dstLen > 0 || r.chance(0.1)) attrs.push(() => m.attr(1, addrBytes(own, v6, own.int(0, 0xffffffff))));
  const paths = r.chance(0.15);
  if (paths) attrs.push(() => m.attr(9, one(6, (g) => multipath(g, v6))));
  else {
    if (r.chance(0.6)) attrs.push(() => m.attr(5, one(7, (g) => addrBytes(g, v6, g.pick([0xc0000202, 0xc6336401, g.int(0, 0xffffffff)])))));
    if (r.chance(0.8)) attrs.push(() => m.u32(4, one(8, (g) => g.pick([1, 2, 2, 2, 3, 9, 77]))));
  }
  if (r.chance(0.3)) attrs.push(() => m.u32(6, one(9, (g) => g.pick([0, 1, 100, 1024, 4294967295]))));
  if (r.chance(0.2)) attrs.push(() => m.attr(7, one(10, (g) => addrBytes(g, v6, 0xc0000201))));
  if (v6 ? r.chance(0.9) : r.chance(0.02)) attrs.push(() => m.attr(12, one(11, (g) => cacheinfo(g, own))));
  if (v6 && r.chance(0.8)) attrs.push(() => m.attr(20, [one(12, (g) => g.pick([0, 0, 1, 3, 2]))]));
  // attributes the fast writer leaves to the generic code
  if (r.chance(0.03)) attrs.push(() => m.attr(8, [8, 0, 2, 0, 0x78, 5, 0, 0])); // metrics: mtu 1400
  if (r.chance(0.03)) attrs.push(() => m.u32(16, r.int(1, 99))); // mark
  if (r.chance(0.02)) attrs.push(() => m.u32(11, 0x10002)); // flow
  if (r.chance(0.02)) attrs.push(() => m.u32(3, 2)); // iif
  if (r.chance(0.02)) attrs.push(() => m.attr(12, Array.from({ length: 20 }, () => 0))); // a short cacheinfo
  if (r.chance(0.02)) attrs.push(() => m.attr(18, [10, 0, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])); // via inet6
  if (r.chance(0.02)) attrs.push(() => m.u32(r.pick([200, 30, 25]), 5)); // unknown, nhid, uid
  if (r.chance(0.02)) attrs.push(() => m.ip4(1, 0x01020304)); // a repeated DST
  if (r.chance(0.01)) attrs.push(() => m.u32(4 | 0x8000, 2)); // OIF with NLA_F_NESTED
  if (r.chance(0.01)) attrs.push(() => m.attr(5, [1, 2, 3])); // a 3-byte gateway
  if (r.chance(0.01)) attrs.push(() => m.attr(20, [1, 2])); // a 2-byte pref
  for (let i = attrs.length - 1; i > 1; i--) {
    const j = r.int(1, i);
    [attrs[i], attrs[j]] = [attrs[j]!, attrs[i]!];
  }
  for (const a of attrs) a();
  const b = m.bytes();
  if (r.chance(0.005)) return b.subarray(0, b.length - r.int(1, 6)); // truncated
  return b;
}

/** LinkNames with a few links; `calls` gets each index the first time it is asked (when LinkNames would ask the kernel). */
function fakeNames(calls: number[]): LinkNames {
  const known: Record<number, string> = { 1: "lo", 2: "v0", 3: "v1", 9: 'we"ird\\n' };
  return { nameOf: (i: number) => (calls.includes(i) || calls.push(i), known[i] ?? `if${i}`) } as unknown as LinkNames;
}

function filterOf(family: number, tb: number): RouteFilter {
  return {
    tb, cloned: false, tos: 0, tosmask: 0, protocol: 0, protocolmask: 0, scope: 0, scopemask: 0, typemask: 0,
    oif: 0, oifmask: 0, iif: 0, iifmask: 0, mark: 0, markmask: 0, metric: 0, metricmask: 0, realm: 0, realmmask: 0, family,
  };
}

const ctxStub = { opts: { details: 0, stats: 0 } } as unknown as Ctx;

function run(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return `THROWS ${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe("-json and text route show from the dump's bytes", () => {
  const seed = runSeed();

  it(`prints what printRoute prints (seed ${seed})`, () => {
    const r = new Rng(seed);
    let total = 0, generics = 0;
    for (let d = 0; d < 1000; d++) {
      // each message inside a bigger datagram-like buffer, at offset 16 (after its nlmsghdr); half of them
      // like the one before but for their destination (the listing's memo of a route's tail must not show)
      let like = 0;
      const msgs = Array.from({ length: r.int(0, 60) }, () => {
        if (like === 0 || r.chance(0.5)) like = r.int(1, 2 ** 31);
        const b = randomRoute(new Rng(like), r);
        const buf = new Uint8Array(b.length + 24);
        buf.set(b, 16);
        return { buf, dv: new DataView(buf.buffer), end: 16 + b.length };
      });
      const f = filterOf(r.pick([0, 2, 2, 10]), r.pick([0, 0, 254, 255, 100, 70000]));
      // generic: decode every message (as the dump does), filter, print
      const gCalls: number[] = [];
      const gNames = fakeNames(gCalls);
      const want = run(() => {
        const decoded = msgs.map((m) => decodeRoute(m.buf, m.dv, 16, m.end));
        const p = new Printer({ json: true, pretty: false, oneline: false });
        const env = showEnv(ctxStub, f, gNames);
        p.arr(null);
        for (const m of decoded.filter((m) => routePasses(f, m))) {
          p.obj();
          printRoute(p, m, env);
          p.endObj();
        }
        p.endArr();
        return p.take() + "\n";
      });
      // bytes: each message printed as the dump hands it over
      const fCalls: number[] = [];
      const fNames = fakeNames(fCalls);
      const got = run(() => {
        const r = listBytes(msgs.map((m) => ({ ...m, off: 16 })), f, fNames, true);
        generics += r.generics;
        return r.out;
      });
      const context = `seed ${seed} dump ${d} filter ${f.family}/${f.tb}`;
      expect(got, context).toEqual(want);
      if (!want.startsWith("THROWS")) expect(fCalls, context).toEqual(gCalls);
      // the same dump as text (route-text.ts), -o or not
      const oneline = r.chance(0.3);
      const tgCalls: number[] = [];
      const tgNames = fakeNames(tgCalls);
      const wantText = run(() => {
        const decoded = msgs.map((m) => decodeRoute(m.buf, m.dv, 16, m.end));
        const p = new Printer({ json: false, pretty: false, oneline });
        const env = showEnv(ctxStub, f, tgNames);
        for (const m of decoded.filter((m) => routePasses(f, m))) printRoute(p, m, env);
        return p.take();
      });
      const tfCalls: number[] = [];
      const tfNames = fakeNames(tfCalls);
      const gotText = run(() => listBytes(msgs.map((m) => ({ ...m, off: 16 })), f, tfNames, false, oneline).out);
      expect(gotText, `${context} (text${oneline ? ", -o" : ""})`).toEqual(wantText);
      if (!wantText.startsWith("THROWS")) expect(tfCalls, context).toEqual(tgCalls);
      total += msgs.length;
    }
    // most generated routes are plain IPv4 ones: the generic code must print only the others
    expect(generics, `${generics} of ${total}`).toBeLessThan(total * 0.4);
    expect(total).toBeGreaterThan(10_000);
  });

  it("writes a plain route as ip does", () => {
    const m = new Msg(2, 32, 0, 0, 254, 3, 0, 1, 0).u32(15, 254).ip4(1, 0xc6336401).ip4(5, 0xc0000202).u32(4, 2).bytes();
    const at = { buf: m, dv: new DataView(m.buffer), off: 0, end: m.length };
    const r = listBytes([at, at], filterOf(2, 0), fakeNames([]), true);
    const one = '{"dst":"198.51.100.1","gateway":"192.0.2.2","dev":"v0","flags":[]}';
    expect(r.out).toBe(`[${one},${one}]\n`);
    expect(r.generics).toBe(0);
  });
  it("writes IPv6 routes (cache info, pref) and multipath routes from the bytes too", () => {
    const ci = [0, 0, 0, 0, 0, 0, 0, 0, 0xe8, 3, 0, 0, ...Array.from({ length: 20 }, () => 0)]; // expires 1000 ticks
    const v6 = new Msg(10, 64, 0, 0, 254, 3, 0, 1, 0).u32(15, 254).attr(1, [0x20, 1, 0xd, 0xb8, 0, 1, ...Array.from({ length: 10 }, () => 0)])
      .u32(6, 1024).attr(12, ci).attr(20, [0]).u32(4, 2).bytes();
    const mp = new Msg(2, 24, 0, 0, 254, 3, 0, 1, 0).u32(15, 254).ip4(1, 0xc6336400)
      .attr(9, [16, 0, 0, 0, 2, 0, 0, 0, 8, 0, 5, 0, 192, 0, 2, 2, 16, 0, 4, 1, 3, 0, 0, 0, 8, 0, 5, 0, 192, 0, 2, 3]).bytes();
    const r = listBytes([v6, mp].map((m) => ({ buf: m, dv: new DataView(m.buffer), off: 0, end: m.length })), filterOf(0, 0), fakeNames([]), true);
    expect(r.out).toBe(
      '[{"dst":"2001:db8:1::/64","dev":"v0","metric":1024,"flags":[],"expires":10,"pref":"medium"},' +
        '{"dst":"198.51.100.0/24","flags":[],"nexthops":[{"gateway":"192.0.2.2","dev":"v0","weight":1,"flags":[]},{"gateway":"192.0.2.3","dev":"v1","weight":2,"flags":["onlink"]}]}]\n',
    );
    expect(r.generics).toBe(0);
  });
});
