/**
 * Seeded fuzzing of the nexthop decoder: 105,000 inputs, mutated from the
 * kernel's RTM_NEWNEXTHOP answers (fixtures/nexthop) and iproute2's
 * requests (fixtures/iproute2/nexthop-*), or generated as well-formed
 * streams of random NHA_* attributes (groups, resilient nests, encaps).
 * Only DecodeError may escape; whatever decodes encodes again and
 * decode(encode(decode(x))) equals decode(x); the API view builds.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { NHA, nexthopCodec, type NexthopMessage } from "../../codecs/nexthop/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { CAPTURES } from "../../fixtures/nexthop/iproute2-captures.ts";
import { toNexthop } from "../../lib/rtnl/nexthop/model.ts";
import { capturePayloads, fixturePayloads, mutateAligned, type AlignedMutation } from "../helpers/fuzz-harness.ts";
import { Prng } from "../helpers/prng.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0x4e7b09;
const RUNS = fuzzBudget(105_000);

const NEXTHOP_TYPES = [RTM.NEWNEXTHOP, RTM.DELNEXTHOP, RTM.GETNEXTHOP];

/** Nexthop payloads of the kernel fixtures, then of iproute2's requests. */
const seeds = (): Uint8Array[] => [...fixturePayloads("nexthop", NEXTHOP_TYPES), ...capturePayloads(CAPTURES.map((c) => c.name), NEXTHOP_TYPES)];

const SIZES: Record<number, number[]> = { 1: [4], 3: [2], 4: [0], 5: [4], 6: [4, 16], 7: [2], 9: [0], 10: [4], 11: [0], 14: [4], 16: [4], 17: [4] };

function wellFormed(r: Prng): Uint8Array {
  const w = new NlWriter(256);
  w.u8(r.pick([0, 2, 10, 7])); w.u8(r.pick([0, 253, 254, r.below(256)])); w.u8(r.below(20)); w.u8(r.chance(0.9) ? 0 : r.below(256));
  w.u32(r.chance(0.7) ? 0 : r.below(128));
  const encapType = r.pick([1, 5, 3]);
  for (let n = r.below(8); n > 0; n--) {
    const t = r.int(1, 19);
    if (t === NHA.ENCAP_TYPE) { w.attrU16(t, encapType); continue; }
    const s = w.beginAttr(t | (r.chance(0.03) ? 0x8000 : 0));
    if (t === NHA.GROUP) {
      for (let k = r.int(0, 4); k > 0; k--) { w.u32(r.int(1, 9)); w.u8(r.below(256)); w.u8(r.chance(0.8) ? 0 : r.below(256)); w.u16(r.chance(0.9) ? 0 : r.below(65536)); }
    } else if (t === NHA.RES_GROUP || t === NHA.RES_BUCKET || t === NHA.GROUP_STATS) {
      for (let k = r.int(0, 4); k > 0; k--) {
        const st = r.int(0, 5);
        const a = w.beginAttr(st);
        if (t === NHA.GROUP_STATS && st === 1) { w.attrU32(1, r.u32()); w.attrU32(2, r.u32()); } else w.bytes(r.bytes(r.pick([2, 4, 8])));
        w.endAttr(a);
      }
    } else if (t === NHA.ENCAP) {
      const a = w.beginAttr(1);
      if (encapType === 5) { w.u32(1); w.u8(0); w.u8(2); w.u8(4); w.u8(0); w.u8(0); w.u8(0); w.u16(0); w.bytes(r.bytes(16)); } else w.bytes(r.bytes(4 * r.int(0, 3)));
      w.endAttr(a);
    } else {
      w.bytes(r.bytes(r.chance(0.9) ? r.pick(SIZES[t] ?? [4]) : r.below(10)));
    }
    w.endAttr(s);
  }
  return w.toBytes();
}

/** Mutations at attribute-aligned spots after the 8-byte nhmsg. */
const MUTATION: AlignedMutation = { header: 8, lies: [0, 3, 4, 6, 255], duplicate: false };

describe("nexthop decoder fuzz", () => {
  it(`${RUNS} seeded inputs (seed 0x${SEED.toString(16)}): DecodeError only, lossless re-encoding`, () => {
    const pool = seeds();
    expect(pool.length).toBeGreaterThan(30);
    const r = new Prng(SEED);
    let decoded = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = r.chance(0.35) ? wellFormed(r) : mutateAligned(r, r.pick(pool), pool, MUTATION);
      const where = (): string => `seed 0x${SEED.toString(16)} iteration ${i}, input ${toHex(input)}`;
      let msg: NexthopMessage;
      try {
        msg = nexthopCodec.decode(input, new DataView(input.buffer), 0, input.length);
      } catch (e) {
        if (e instanceof DecodeError) continue;
        if (e instanceof Error) e.message = `${where()}: ${e.message}`;
        throw e;
      }
      decoded++;
      try {
        const w = new NlWriter(256);
        nexthopCodec.encode(w, msg);
        const again = w.toBytes();
        const back = nexthopCodec.decode(again, new DataView(again.buffer), 0, again.length);
        if (!isDeepStrictEqual(back, msg)) expect(back, where()).toEqual(msg);
        toNexthop(msg);
      } catch (e) {
        if (e instanceof Error && !e.message.includes("iteration")) e.message = `${where()}: ${e.message}`;
        throw e;
      }
    }
    expect(decoded).toBeGreaterThan(RUNS / 5);
  }, 60_000);
});
