/**
 * Seeded fuzzing of the address decoder (see test/helpers/fuzz-harness.ts):
 * 120,000 inputs, random and mutated from the kernel's own RTM_NEWADDR
 * answers (fixtures/addr) and from random well-formed attribute streams
 * with an address family in ifa_family. Only DecodeError may escape
 * decode; whatever decodes must encode again, decode(encode(decode(x)))
 * must equal decode(x), and the API's view of it must build without error.
 */
import { describe, expect, it } from "vitest";
import { addrMessage } from "../../codecs/addr/index.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { toAddress } from "../../lib/rtnl/address/model.ts";
import { fixturePayloads, fuzz, type Rand } from "../helpers/fuzz-harness.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0xadd7e55;
const RUNS = fuzzBudget(120_000);

/** Payload sizes per IFA_* type that decode (addresses 4/16 or other, label any, u32s 4, proto 1). */
const SIZES: Record<number, number[]> = { 1: [4, 16, 1], 2: [4, 16], 3: [2, 5, 8, 16], 4: [4], 5: [16], 6: [16], 7: [16], 8: [4], 9: [4], 10: [4], 11: [1] };

/** A well-formed ifaddrmsg + attribute stream with random types (0..14) and payload sizes. */
function randomWellFormed(r: Rand): Uint8Array {
  const w = new NlWriter(256);
  for (let i = 0; i < 8; i++) w.u8(i === 0 ? [0, 2, 10, 45][Math.floor(r() * 4)]! : Math.floor(r() * 256));
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const type = Math.floor(r() * 15);
    // Mostly the size the type wants (so decoding gets deep), sometimes anything.
    const len = r() < 0.8 ? (SIZES[type] ?? [4])[Math.floor(r() * (SIZES[type]?.length ?? 1))]! : [0, 1, 2, 3, 5, 8, 12][Math.floor(r() * 7)]!;
    const s = w.beginAttr(type | (r() < 0.05 ? 0x8000 : 0));
    for (let j = 0; j < len; j++) w.u8(r() < 0.3 ? 0 : Math.floor(r() * 256));
    if (type === 3 && len > 0 && r() < 0.8) for (let j = w.pos - len; j < w.pos - 1; j++) if (w.buf[j] === 0) w.buf[j] = 0x41;
    if ((type === 3 || r() < 0.3) && len > 0) w.buf[w.pos - 1] = 0; // labels NUL-terminated
    w.endAttr(s);
  }
  return w.toBytes();
}

describe("address decoder fuzz", () => {
  it(`survives ${RUNS} seeded random and mutated inputs (seed 0x${SEED.toString(16)})`, () => {
    const seeds = fixturePayloads("addr", [RTM.NEWADDR], "answers");
    expect(seeds.length).toBeGreaterThan(40);
    const { decoded, rejected } = fuzz({ codec: addrMessage, headerSpace: 8, seeds, wellFormed: randomWellFormed, view: toAddress }, SEED, RUNS);
    // Both paths must be exercised, or the fuzzer proves nothing.
    expect(decoded).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 5);
  });
});
