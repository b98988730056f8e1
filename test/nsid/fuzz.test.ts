/**
 * Seeded fuzzing of the nsid decoder (see test/helpers/fuzz-harness.ts):
 * 120,000 inputs from random bytes, random attribute streams and mutations
 * of RTM_NEWNSID/GETNSID payloads captured in fixtures/nsid plus iproute2
 * request bytes. The rtgenmsg padding is not kept (the kernel zeroes it),
 * so equality is checked on the decoded values.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { fixturePayloads, fuzz } from "../helpers/fuzz-harness.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0x75e1d;
const RUNS = fuzzBudget(120_000);

const IPROUTE2 = [
  "00000000" + "0800030006000000" + "0800010007000000",
  "00000000" + "0800030006000000",
  "00000000",
  "00000000" + "0800040007000000",
  "00000000" + "0800010003000000" + "0800050007000000",
];

describe("nsid decoder fuzz", () => {
  it(`survives ${RUNS} seeded random and mutated inputs (seed 0x${SEED.toString(16)})`, () => {
    const seeds = [...fixturePayloads("nsid", [RTM.NEWNSID, RTM.GETNSID]), ...IPROUTE2.map((h) => fromHex(h))];
    const { decoded, rejected } = fuzz({
      codec: nsidMessage,
      headerSpace: 4,
      seeds,
      maxType: 5,
      sizes: { 1: [4], 2: [4], 3: [4], 4: [4], 5: [4] },
    }, SEED, RUNS);
    expect(decoded).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
