/**
 * Seeded fuzzing of the route decoder: 110,000 inputs, mutated from the
 * kernel's own RTM_NEWROUTE answers (fixtures/route) and iproute2's
 * requests (fixtures/iproute2/route-*), or generated as well-formed
 * attribute streams of random route attributes. For every input:
 *  - only DecodeError may escape the decoder;
 *  - the hand-written fast decoder and the generic engine agree (both
 *    refuse, or both give the same object);
 *  - whatever decodes encodes again, the fast encoder writing exactly the
 *    generic engine's bytes, and decode(encode(decode(x))) equals decode(x);
 *  - the API view (toRoute) builds without error.
 * A failure names the seed and iteration that reproduce it.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { messageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTA, routeAttrs, routeAttrsMpls, routeCodec, rtmsgHeader, typeEncapIn, type RouteMessage } from "../../codecs/route/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { CAPTURES } from "../../fixtures/route/iproute2-captures.ts";
import { toRoute } from "../../lib/rtnl/route/model.ts";
import { capturePayloads, fixturePayloads, mutateAligned, type AlignedMutation } from "../helpers/fuzz-harness.ts";
import { Prng } from "../helpers/prng.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0x7047e5;
const RUNS = fuzzBudget(110_000);

const generic = messageCodec("route", rtmsgHeader, routeAttrs);
/** AF_MPLS routes (rtm_family 28) use the label variant of the table. */
const genericMpls = messageCodec("route", rtmsgHeader, routeAttrsMpls);

const ROUTE_TYPES = [RTM.NEWROUTE, RTM.DELROUTE, RTM.GETROUTE];

/** Route payloads of the kernel fixtures, then of iproute2's requests. */
const seeds = (): Uint8Array[] => [...fixturePayloads("route", ROUTE_TYPES), ...capturePayloads(CAPTURES.map((c) => c.name), ROUTE_TYPES)];

/** Payload sizes each RTA_* type decodes with (and some it does not). */
const SIZES: Record<number, number[]> = {
  1: [4, 16], 2: [4, 16], 3: [4], 4: [4], 5: [4, 16], 6: [4], 7: [4, 16], 11: [4], 12: [20, 32, 36], 15: [4], 16: [4],
  17: [24], 18: [6, 18, 4], 19: [4, 8], 20: [1], 21: [2], 23: [4], 25: [4], 26: [1], 27: [1], 28: [2], 29: [2], 30: [4], 31: [4],
};

function rtmsg(r: Prng, w: NlWriter): void {
  w.u8(r.pick([2, 10, 0, 28, 128]));
  for (let i = 0; i < 7; i++) w.u8(r.chance(0.7) ? r.pick([0, 1, 3, 24, 253, 254, 255]) : r.below(256));
  w.u32(r.chance(0.7) ? 0 : r.u32());
}

function nested(r: Prng, w: NlWriter, kind: "metrics" | "mpls" | "seg6" | "hop"): void {
  const n = r.below(5);
  for (let i = 0; i < n; i++) {
    if (kind === "metrics") {
      const t = r.int(0, 18);
      const s = w.beginAttr(t);
      if (t === 16) { w.string(r.pick(["reno", "cubic", "bbr"]), r.chance(0.5)); } else w.u32(r.u32());
      w.endAttr(s);
    } else if (kind === "mpls") {
      const t = r.int(1, 3);
      const s = w.beginAttr(t);
      if (t === 1) for (let k = r.int(0, 3); k > 0; k--) w.u32(r.u32()); else w.u8(r.below(256));
      w.endAttr(s);
    } else if (kind === "seg6") {
      const s = w.beginAttr(1);
      w.u32(r.below(6));
      const nseg = r.int(0, 3);
      w.u8(0); w.u8(nseg * 2); w.u8(4); w.u8(r.below(nseg + 1)); w.u8(r.chance(0.8) ? Math.max(0, nseg - 1) : r.below(256)); w.u8(0); w.u16(r.below(3));
      w.bytes(r.bytes(16 * nseg + (r.chance(0.2) ? r.int(1, 9) : 0)));
      w.endAttr(s);
    } else {
      const t = r.pick([5, 11, 18, 19, 21, 22, 77]);
      const s = w.beginAttr(t);
      w.bytes(r.bytes(r.pick(SIZES[t] ?? [4])));
      w.endAttr(s);
    }
  }
}

/** A well-formed rtmsg + attribute stream of random route attributes. */
function wellFormed(r: Prng): Uint8Array {
  const w = new NlWriter(512);
  rtmsg(r, w);
  const n = r.below(9);
  const encapType = r.pick([1, 5, 2]);
  for (let i = 0; i < n; i++) {
    const t = r.chance(0.9) ? r.int(1, 31) : r.int(32, 40);
    const flags = r.chance(0.03) ? 0x8000 : 0;
    if (t === RTA.ENCAP_TYPE) { w.attrU16(t, encapType); continue; }
    const s = w.beginAttr(t | flags);
    if (t === RTA.METRICS) nested(r, w, "metrics");
    else if (t === RTA.ENCAP) nested(r, w, encapType === 1 ? "mpls" : encapType === 5 ? "seg6" : "hop");
    else if (t === RTA.MULTIPATH) {
      for (let k = r.int(0, 3); k > 0; k--) {
        const at = w.pos;
        w.u16(0); w.u8(r.below(128)); w.u8(r.below(256)); w.u32(r.below(16));
        nested(r, w, "hop");
        w.dv.setUint16(at, w.pos - at, true);
      }
    } else if (t === RTA.VIA) {
      const fam = r.pick([2, 10, 28]);
      w.u16(fam);
      w.bytes(r.bytes(fam === 2 ? 4 : fam === 10 ? 16 : r.below(8)));
    } else {
      w.bytes(r.bytes(r.chance(0.9) ? r.pick(SIZES[t] ?? [4]) : r.below(12)));
    }
    w.endAttr(s);
  }
  return w.toBytes();
}

/** Mutations at attribute-aligned spots after the 12-byte rtmsg. */
const MUTATION: AlignedMutation = { header: 12, lies: [0, 3, 4, 5, 255], duplicate: true };

type Outcome = { ok: true; msg: RouteMessage } | { ok: false };

function attempt(f: () => RouteMessage): Outcome {
  try {
    return { ok: true, msg: f() };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false };
    throw e;
  }
}

function genericDecode(b: Uint8Array, dv: DataView): RouteMessage {
  const m = (b[0] === 28 ? genericMpls : generic).decode(b, dv, 0, b.length) as RouteMessage;
  if (b.length > 12) typeEncapIn(m.attrs, b, dv, 12, b.length, RTA.ENCAP);
  return m;
}

describe("route decoder fuzz", () => {
  it(`${RUNS} seeded inputs (seed 0x${SEED.toString(16)}): DecodeError only, fast == generic, lossless re-encoding`, () => {
    const pool = seeds();
    expect(pool.length).toBeGreaterThan(100);
    const r = new Prng(SEED);
    let decoded = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = r.chance(0.3) ? wellFormed(r) : mutateAligned(r, r.pick(pool), pool, MUTATION);
      const dv = new DataView(input.buffer);
      const where = (): string => `seed 0x${SEED.toString(16)} iteration ${i}, input ${toHex(input)}`;
      try {
        const fast = attempt(() => routeCodec.decode(input, dv, 0, input.length));
        const slow = attempt(() => genericDecode(input, dv));
        if (fast.ok !== slow.ok) expect(fast.ok, `${where()}: fast and generic decoders disagree`).toBe(slow.ok);
        if (!fast.ok || !slow.ok) continue;
        if (!isDeepStrictEqual(fast.msg, slow.msg)) expect(fast.msg, where()).toEqual(slow.msg);
        decoded++;
        const a = new NlWriter(256);
        routeCodec.encode(a, fast.msg);
        const g = new NlWriter(256);
        (fast.msg.family === 28 ? genericMpls : generic).encode(g, fast.msg);
        const ah = toHex(a.view()), gh = toHex(g.view());
        if (ah !== gh) expect(ah, `${where()}: fast encoder`).toBe(gh);
        const again = a.toBytes();
        const back = routeCodec.decode(again, new DataView(again.buffer), 0, again.length);
        if (!isDeepStrictEqual(back, fast.msg)) expect(back, `${where()}: decode(encode(decode(x)))`).toEqual(fast.msg);
        toRoute(fast.msg);
      } catch (e) {
        if (e instanceof Error && !e.message.includes("iteration")) e.message = `${where()}: ${e.message}`;
        throw e;
      }
    }
    expect(decoded).toBeGreaterThan(RUNS / 5);
  }, 60_000);
});
