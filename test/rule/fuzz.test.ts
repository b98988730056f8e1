/**
 * Seeded fuzzing of the rule decoder (see test/helpers/fuzz-harness.ts):
 * 120,000 inputs from random bytes, random attribute streams and mutations
 * of RTM_NEWRULE/GETRULE payloads captured in fixtures/rule plus iproute2
 * request bytes.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { ruleMessage } from "../../codecs/rule/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { toRule } from "../../lib/rtnl/rule/model.ts";
import { fixturePayloads, fuzz } from "../helpers/fuzz-harness.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0x52a1e5;
const RUNS = fuzzBudget(120_000);

const IPROUTE2 = [
  "020018006400000100000000" + "08000200c0000200",
  "021800000000000100000000" + "08000100c0000200" + "08000f00e8030000" + "0800060032000000",
  "0a0020000000000600000000" + "1400020020010db8000000000000000000000000",
  "02000000fe00000100000000" + "08000a0010000000" + "08001000ff000000" + "0700030076300000" + "0700110076310000" + "0800060064000000",
  "02000000fe00000100000000" + "0c00140064000000c8000000" + "0500160006000000" + "0800170050005000" + "08001800e803d007" + "08000e0000000000",
  "020000000000000700000000" + "0500150004000000" + "04000200" + "08000600e9030000",
  "020000000a00000100000000" + "0c000c000000000000000005",
  "02000000fe00000100000000" + "08000f00fe000000" + "08000e00ffffffff" + "0500150002000000" + "08000600fe7f0000",
];

describe("rule decoder fuzz", () => {
  it(`survives ${RUNS} seeded random and mutated inputs (seed 0x${SEED.toString(16)})`, () => {
    const seeds = [...fixturePayloads("rule", [RTM.NEWRULE, RTM.GETRULE, RTM.DELRULE]), ...IPROUTE2.map((h) => fromHex(h))];
    const { decoded, rejected } = fuzz({
      codec: ruleMessage,
      headerSpace: 12,
      seeds,
      maxType: 30,
      sizes: {
        1: [0, 4, 16], 2: [0, 4, 16], 3: [3, 8], 4: [4], 6: [4], 10: [4], 11: [4], 12: [8], 13: [4], 14: [4], 15: [4], 16: [4],
        17: [3, 8], 18: [0], 19: [1], 20: [8], 21: [1], 22: [1], 23: [4], 24: [4], 25: [1], 26: [4], 27: [4], 28: [2], 29: [2], 30: [1],
      },
      strings: [3, 17],
      view: toRule,
    }, SEED, RUNS);
    expect(decoded).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
