/**
 * The fast route view decoder (lib/rtnl/route/view-fast.ts) must give
 * exactly what the generic path gives, toRoute(decodeRoute(...)) filtered
 * by the same matcher: the same Route, key for key and in the same order,
 * or the same refusal (DecodeError). Inputs: the kernel's route fixtures,
 * mutated at attribute boundaries, and generated messages of the plain
 * shape a FIB dump is made of, with random deviations. Seeded.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { decodeRoute, type RouteMessage } from "../../codecs/route/decode.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { decodeRouteView } from "../../lib/rtnl/route/view-fast.ts";
import { prepareFilter, routeMatcher } from "../../lib/rtnl/route/filter.ts";
import { toRoute } from "../../lib/rtnl/route/model.ts";
import { fixturePayloads, mutateAligned, type AlignedMutation } from "../helpers/fuzz-harness.ts";
import { Prng } from "../helpers/prng.ts";

const SEED = 0x71e3fa;
const RUNS = 60_000;
const MUTATION: AlignedMutation = { header: 12, lies: [0, 3, 4, 5, 255], duplicate: true };

/** A route message of the plain shape (sometimes with one odd attribute, size or flag). */
function plain(r: Prng): Uint8Array {
  const w = new NlWriter(256);
  const fam = r.chance(0.9) ? r.pick([2, 10]) : r.pick([0, 28, 128]);
  const alen = fam === 10 ? 16 : 4;
  w.u8(fam);
  w.u8(r.chance(0.1) ? 0 : r.int(1, alen * 8));
  w.u8(r.chance(0.05) ? r.int(1, 64) : 0);
  w.u8(r.chance(0.1) ? r.below(256) : 0);
  w.u8(r.pick([254, 255, 253, 0, 100]));
  w.u8(r.pick([2, 3, 4, 186, 16]));
  w.u8(r.pick([0, 253, 254, 200]));
  w.u8(r.pick([1, 2, 3, 6, 7]));
  w.u32(r.chance(0.8) ? 0 : r.pick([0x200, 0x1000, 4, 1]));
  const types = [RTA.TABLE, RTA.DST, RTA.GATEWAY, RTA.OIF, RTA.PRIORITY, RTA.PREFSRC, RTA.PREF, RTA.CACHEINFO];
  for (const t of types) {
    if (!r.chance(0.6)) continue;
    const odd = r.chance(0.03);
    const s = w.beginAttr(r.chance(0.01) ? t | 0x8000 : t);
    if (t === RTA.DST || t === RTA.GATEWAY || t === RTA.PREFSRC) w.bytes(r.bytes(odd ? r.pick([3, 5, 16, 4]) : alen));
    else if (t === RTA.PREF) w.u8(r.below(4));
    else if (t === RTA.CACHEINFO) w.bytes(odd ? r.bytes(r.pick([12, 20, 36])) : r.bytes(32));
    else if (t === RTA.TABLE) w.u32(r.chance(0.5) ? r.pick([254, 255, 1000]) : r.u32());
    else w.bytes(r.bytes(odd ? r.pick([2, 8]) : 4));
    w.endAttr(s);
    if (r.chance(0.02)) { const d = w.beginAttr(t); w.bytes(r.bytes(4)); w.endAttr(d); } // a repeat
  }
  if (r.chance(0.3)) {
    // RTA_MULTIPATH: rtnexthops with a gateway, nothing, or now and then an odd gateway size or another attribute
    const s = w.beginAttr(RTA.MULTIPATH);
    for (let k = r.int(1, 3); k > 0; k--) {
      const h = w.pos;
      w.u16(0); w.u8(r.chance(0.8) ? 0 : r.pick([1, 4, 0x10])); w.u8(r.below(4)); w.s32(r.chance(0.2) ? 0 : r.int(1, 9));
      if (r.chance(0.8)) { const g = w.beginAttr(RTA.GATEWAY); w.bytes(r.bytes(r.chance(0.03) ? r.pick([3, 16, 4]) : alen)); w.endAttr(g); }
      if (r.chance(0.03)) { const g = w.beginAttr(RTA.FLOW); w.u32(r.u32()); w.endAttr(g); }
      w.dv.setUint16(h, w.pos - h, true);
    }
    w.endAttr(s);
  }
  if (r.chance(0.03)) { const s = w.beginAttr(r.pick([RTA.MARK, RTA.METRICS, RTA.SRC, 40])); w.u32(r.u32()); w.endAttr(s); }
  return w.toBytes();
}

type Outcome = { ok: true; json: string } | { ok: false };

function attempt(f: () => unknown): Outcome {
  try {
    const v = f();
    return { ok: true, json: JSON.stringify(v) ?? "undefined" };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false };
    throw e;
  }
}

describe("fast route view decoder", () => {
  it(`equals the generic view on ${RUNS} seeded inputs (seed 0x${SEED.toString(16)})`, () => {
    const pool = fixturePayloads("route", [RTM.NEWROUTE]);
    expect(pool.length).toBeGreaterThan(10);
    const matchers: Array<{ test(m: RouteMessage): boolean }> = [
      { test: () => true },
      routeMatcher(prepareFilter({ table: "all" }, 254), 0),
      routeMatcher(prepareFilter({}, 254), 0),
      routeMatcher(prepareFilter({ family: 6, protocol: "kernel" }, undefined), 0),
      routeMatcher(prepareFilter({ table: 1000, type: "unicast" }, undefined), 3),
    ];
    const r = new Prng(SEED);
    let fastShape = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = r.chance(0.6) ? plain(r) : mutateAligned(r, r.pick(pool), pool, MUTATION);
      const dv = new DataView(input.buffer);
      const match = r.pick(matchers);
      const got = attempt(() => decodeRouteView(input, dv, 0, input.length, match));
      const want = attempt(() => {
        const m = decodeRoute(input, dv, 0, input.length);
        return (m.family === 2 || m.family === 10 || m.family === 28) && match.test(m) ? toRoute(m) : undefined; // lists carry inet, inet6 and (asked for) mpls routes
      });
      if (got.ok && got.json !== "undefined") fastShape++;
      expect(got, `seed 0x${SEED.toString(16)} iteration ${i}, input ${toHex(input)}`).toEqual(want);
    }
    expect(fastShape).toBeGreaterThan(RUNS / 4);
  });
});
