/**
 * RouteApi.addMany's bulk path (lib/rtnl/route/bulk.ts) must write exactly
 * the bytes of the generic path (prepareRoute -> buildRouteMessage ->
 * routeRequestCodec) for every spec, fall back to it for everything the
 * fast check does not take, and fail validation the same way.
 */
import { describe, expect, it } from "vitest";
import { NlWriter } from "../../codecs/core/writer.ts";
import { routeRequestCodec } from "../../codecs/route/message.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../../codecs/core/constants.ts";
import { BulkRoutes } from "../../lib/rtnl/route/bulk.ts";
import { buildRouteMessage, prepareRoute, type RouteSpec } from "../../lib/rtnl/route/spec.ts";
import { Prng } from "../helpers/prng.ts";

const INDEX: Record<string, number> = { v0: 3, eth0: 7, "veth-a.1": 12 };
const index = (l: string | number): number => (typeof l === "number" ? l : INDEX[l]!);

function generic(spec: RouteSpec): string {
  const w = new NlWriter();
  routeRequestCodec.encode(w, buildRouteMessage(prepareRoute(spec, false), (l) => index(l)));
  return Buffer.from(w.view()).toString("hex");
}

function bulk(specs: RouteSpec[]): string[] {
  const b = new BulkRoutes(specs);
  const out: string[] = [];
  for (const r of b.requests(NLM_F_CREATE | NLM_F_EXCL, index)) {
    const w = new NlWriter();
    r.codec.encode(w, r.msg);
    out.push(Buffer.from(w.view()).toString("hex"));
  }
  return out;
}

function randomSpec(g: Prng): RouteSpec {
  const len = g.chance(0.5) ? 32 : g.int(1, 32);
  const addr = len === 32 ? g.u32() : (g.u32() & (0xffffffff << (32 - len))) >>> 0;
  const dotted = `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
  const s: RouteSpec = { dst: len === 32 && g.chance(0.3) ? dotted : `${dotted}/${len}` };
  if (g.chance(0.7)) s.gateway = `192.0.2.${g.int(0, 255)}`;
  if (g.chance(0.8)) s.dev = g.chance(0.2) ? g.int(1, 0x7fffffff) : g.pick(["v0", "eth0", "veth-a.1"]);
  if (g.chance(0.4)) s.table = g.pick([254, 255, 1, 100, 256, 4096, 0xffffffff]);
  if (g.chance(0.4)) s.metric = g.pick([0, 1, 100, 0xffffffff]);
  // shapes that must take the generic path
  if (g.chance(0.05)) s.table = "main";
  if (g.chance(0.05)) s.protocol = "static";
  if (g.chance(0.05)) s.dst = "2001:db8::/64";
  if (g.chance(0.03)) s.dst = "default";
  if (g.chance(0.03)) s.onlink = true;
  if (g.chance(0.03)) s.table = "local";
  return s;
}

/** IPv6 routes and multipath routes of either family, with now and then a shape the bulk check must leave to the generic path. */
function randomSpec2(g: Prng, fewGateways = false): RouteSpec {
  const v6 = g.chance(0.5);
  let dst: string;
  if (v6) {
    const len = g.pick([16, 32, 48, 56, 64, 96, 127, 128]);
    const groups = Array.from({ length: 8 }, (_, i) => (i * 16 < len ? Math.min(0xffff, g.int(0, 0xffff) & (len - i * 16 >= 16 ? 0xffff : (0xffff << (16 - (len - i * 16))) & 0xffff)) : 0));
    groups[0] = 0x2001;
    dst = `${groups.map((x) => x.toString(16)).join(":")}${len === 128 && g.chance(0.3) ? "" : `/${len}`}`;
  } else {
    const len = g.int(1, 32);
    const addr = len === 32 ? g.u32() : (g.u32() & (0xffffffff << (32 - len))) >>> 0;
    dst = `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}/${len}`;
  }
  // fewGateways: a bulk's usual few gateways, repeated (as new strings) in every place, the other family's now and then
  const gw = fewGateways
    ? () => ` ${g.pick(v6 !== g.chance(0.05) ? ["2001:db8::2", "2001:db8::3", "2001:db8::2"] : ["192.0.2.2", "192.0.2.3", "192.0.2.300"])}`.slice(1)
    : () => (v6 ? `2001:db8::${g.int(1, 0xffff).toString(16)}` : `192.0.2.${g.int(0, 255)}`);
  const dev = () => (g.chance(0.2) ? g.int(1, 0x7fffffff) : g.pick(["v0", "eth0", "veth-a.1"]));
  const s: RouteSpec = { dst };
  if (g.chance(0.5)) {
    s.multipath = Array.from({ length: g.int(1, 4) }, () => {
      const h: NonNullable<RouteSpec["multipath"]>[number] = {};
      if (g.chance(0.8)) h.gateway = gw();
      if (!h.gateway || g.chance(0.7)) h.dev = dev();
      if (g.chance(0.4)) h.weight = g.int(1, 256);
      if (g.chance(0.2)) h.onlink = g.chance(0.5);
      return h;
    });
  } else {
    if (g.chance(0.7)) s.gateway = gw();
    if (g.chance(0.8)) s.dev = dev();
  }
  if (g.chance(0.4)) s.table = g.pick([254, 255, 1, 100, 256, 4096, 0xffffffff]);
  if (g.chance(0.4)) s.metric = g.pick([0, 1, 100, 0xffffffff]);
  if (g.chance(0.03)) s.protocol = "static";
  if (g.chance(0.03)) s.dst = v6 ? "::/0" : "default";
  return s;
}

describe("bulk route path", () => {
  it("writes the generic path's bytes for 20,000 random specs", () => {
    const g = new Prng(0x5eed7);
    const specs: RouteSpec[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = randomSpec(g);
      if (s.dst === "2001:db8::/64" && s.gateway !== undefined) delete s.gateway; // an IPv4 gateway on an IPv6 route is an error case
      specs.push(s);
    }
    const got = bulk(specs);
    for (let i = 0; i < specs.length; i++) expect(got[i], JSON.stringify(specs[i])).toBe(generic(specs[i]!));
  });

  it("writes the generic path's bytes for 5,000 random IPv6 and multipath specs", () => {
    const g = new Prng(0x5eed8);
    const specs: RouteSpec[] = [];
    for (let i = 0; i < 5_000; i++) specs.push(randomSpec2(g));
    const got = bulk(specs);
    for (let i = 0; i < specs.length; i++) expect(got[i], JSON.stringify(specs[i])).toBe(generic(specs[i]!));
  });

  it("writes the generic path's bytes for 5,000 random specs repeating a few gateways (RouteRows remembers them per place)", () => {
    const g = new Prng(0x5eed9);
    const specs: RouteSpec[] = [];
    for (let i = 0; i < 5_000; i++) {
      const s = randomSpec2(g, true);
      const bad = (gw: string | undefined): boolean => gw !== undefined && (gw.endsWith(".300") || s.dst.includes(":") !== gw.includes(":"));
      if (bad(s.gateway) || s.multipath?.some((h) => bad(h.gateway))) {
        expect(() => new BulkRoutes([s])).toThrow(/gateway/);
        continue;
      }
      specs.push(s);
    }
    const got = bulk(specs);
    for (let i = 0; i < specs.length; i++) expect(got[i], JSON.stringify(specs[i])).toBe(generic(specs[i]!));
  });

  it("writes the generic path's bytes when the rows grow and columns are first written after growing", () => {
    // specs from a generator (the rows start at 1,024 and double); the first 3,000 are IPv4 with a gateway and
    // link only, so the IPv6, table, metric and path columns are made only after the rows grew
    const g = new Prng(0x5eeda);
    const specs: RouteSpec[] = [];
    for (let i = 0; i < 3_000; i++) specs.push({ dst: `198.18.${i >> 8}.${i & 255}/32`, gateway: "192.0.2.2", dev: "v0" });
    for (let i = 0; i < 6_000; i++) specs.push(randomSpec2(g));
    const got: string[] = [];
    const b = new BulkRoutes((function* () {
      yield* specs;
    })());
    for (const r of b.requests(NLM_F_CREATE | NLM_F_EXCL, index)) {
      const w = new NlWriter();
      r.codec.encode(w, r.msg);
      got.push(Buffer.from(w.view()).toString("hex"));
    }
    expect(got.length).toBe(specs.length);
    for (let i = 0; i < specs.length; i++) expect(got[i], JSON.stringify(specs[i])).toBe(generic(specs[i]!));
  });

  it("takes the IPv6 and multipath shapes into rows (no generic preparation)", () => {
    const b = new BulkRoutes([
      { dst: "2001:db8:1::/64", gateway: "2001:db8::2", dev: "v0", metric: 1 },
      { dst: "198.51.100.0/24", multipath: [{ gateway: "192.0.2.2", dev: "v0" }, { gateway: "192.0.2.3", dev: "eth0", weight: 3 }] },
    ]);
    expect((b as unknown as { generic: Map<number, unknown> }).generic.size).toBe(0);
  });

  it("lays a typical route out as ip route add does: rtmsg, DST, TABLE, PRIORITY, GATEWAY, OIF", () => {
    const [hex] = bulk([{ dst: "198.51.100.0/24", gateway: "192.0.2.2", dev: "v0", table: 1000, metric: 5 }]);
    expect(hex).toBe(
      "02180000" + "0003" + "0001" + "00000000" + // family, dst_len, src_len, tos, table 0, proto boot, scope universe, unicast, flags
        "08000100c6336400" + "08000f00e8030000" + "0800060005000000" + "08000500c0000202" + "0800040003000000",
    );
  });

  it("rejects bad specs before anything is sent, with the generic messages and the spec's position", () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ dst: "198.51.100.1/24", dev: "v0" }, /specs\[1\]: dst: .*host bits set/],
      [{ dst: "198.51.100.0/24", gateway: "192.0.2.300" }, /specs\[1\]: gateway: invalid IPv4 address/],
      [{ dst: "198.51.100.0/24", dev: "a/b" }, /specs\[1\]: dev: "a\/b" is not a valid interface name/],
      [{ dst: "198.51.100.0/24", table: 0 }, /specs\[1\]: table: 0 is not a routing table/],
      [{ dst: "198.51.100.0/24", metric: -1 }, /specs\[1\]: metric: -1 is out of range/],
      [{ dst: "198.51.100.0/24", tabel: 5 }, /specs\[1\]: route.tabel: unknown option/],
      [{ dst: "198.51.100.0/024" }, /specs\[1\]: dst: invalid prefix length "198.51.100.0\/024": leading zeros/],
      [null, /specs\[1\]: route: expected an options object/],
    ];
    for (const [spec, re] of bad) {
      expect(() => new BulkRoutes([{ dst: "192.0.2.0/24" }, spec as RouteSpec])).toThrow(re);
    }
  });

  it("lists each link once, names and generic specs' links alike", () => {
    const b = new BulkRoutes([{ dst: "192.0.2.1", dev: "v0" }, { dst: "192.0.2.2", dev: "v0" }, { dst: "192.0.2.3", dev: 5 }, { dst: "2001:db8::/64", dev: "eth0" }]);
    expect(b.links().sort()).toEqual(["eth0", "v0"]);
    expect(b.size).toBe(4);
  });
});
