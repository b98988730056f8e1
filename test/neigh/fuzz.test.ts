/**
 * Seeded fuzzing of the neighbour decoder (see test/helpers/fuzz-harness.ts):
 * 120,000 inputs from random bytes, random attribute streams and mutations
 * of RTM_NEWNEIGH/GETNEIGH payloads captured in fixtures/neigh plus
 * iproute2 request bytes.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { neighMessage } from "../../codecs/neigh/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { toNeighbour } from "../../lib/rtnl/neighbour/model.ts";
import { fixturePayloads, fuzz } from "../helpers/fuzz-harness.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0x4e6e1b;
const RUNS = fuzzBudget(120_000);

const IPROUTE2 = [
  "020000000300000080000000" + "08000100c0000205" + "0a000200020000000005" + "0000",
  "020000000300000004001000" + "05000c0004000000" + "08000100c0000207" + "0a000200020000000007" + "0000",
  "0a0000000300000080000800" + "1400010020010db8000000000000000000000006",
  "0700000005000000c0000200" + "0a000200000000000000" + "0000" + "08000100c6336407" + "0600060012b60000" + "080007002b000000",
  "070000000200000002000000" + "0a000200020000000014" + "0000" + "0c000e80" + "0500010001000000",
];

describe("neighbour decoder fuzz", () => {
  it(`survives ${RUNS} seeded random and mutated inputs (seed 0x${SEED.toString(16)})`, () => {
    const seeds = [...fixturePayloads("neigh", [RTM.NEWNEIGH, RTM.GETNEIGH, RTM.DELNEIGH]), ...IPROUTE2.map((h) => fromHex(h))];
    const { decoded, rejected } = fuzz({
      codec: neighMessage,
      headerSpace: 12,
      seeds,
      maxType: 17,
      sizes: { 1: [4, 16], 2: [0, 6, 4, 20], 3: [16], 4: [4], 5: [2], 6: [2], 7: [4], 8: [4], 9: [4], 10: [4], 11: [4], 12: [1], 13: [4], 15: [4], 16: [2], 17: [1] },
      nests: [14],
      view: toNeighbour,
    }, SEED, RUNS);
    // Both paths must be exercised substantially.
    expect(decoded).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
