/**
 * Fuzz of the statistics codecs (codecs/stats) with the shared engine
 * (test/fuzz/engine.ts): mutations of every RTM_NEWSTATS answer captured in
 * fixtures/stats and of the RTM_GETSTATS / RTM_SETSTATS requests of
 * fixtures/iproute2/stats-*.json. Only DecodeError may be thrown, no decode
 * may be slow, and whatever decodes must re-encode stably
 * (decode(encode(decode(x))) == decode(x)). Deterministic seeds.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { IF_STATS_MSG_SIZE, statsMessage, statsRequest } from "../../codecs/stats/index.ts";
import { STATS_CAPTURES } from "../../fixtures/stats/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { fuzzBudget } from "../fuzz/budget.ts";
import { run, type Target } from "../fuzz/engine.ts";
import { capturedAnswers } from "../helpers/replay-suite.ts";

const answers = capturedAnswers("stats", ["list", "set"], RTM.NEWSTATS).map((m) => m.buf.slice(m.payload, m.end));
const requests = STATS_CAPTURES.map((c) => fromHex(readIpCapture(c.name).requests.at(-1)!.slice(32)));

const PLAN: Array<{ target: Target; inputs: number }> = [
  { target: { name: "stats: statsMessage", codec: statsMessage as MessageCodec<unknown>, headerSpace: IF_STATS_MSG_SIZE, seeds: answers }, inputs: fuzzBudget(40_000) },
  { target: { name: "stats: statsRequest", codec: statsRequest as MessageCodec<unknown>, headerSpace: IF_STATS_MSG_SIZE, seeds: requests }, inputs: fuzzBudget(20_000) },
];

describe("fuzz: statistics codecs", () => {
  it("has seeds", () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(requests.length).toBe(STATS_CAPTURES.length);
  });
  PLAN.forEach(({ target, inputs }, i) => {
    it(`${target.name}: ${inputs} inputs`, () => {
      const st = run(target, 0x57a70000 + i, inputs, 20);
      expect(st.failures).toEqual([]);
      expect(st.decoded).toBeGreaterThan(inputs / 10);
      expect(st.rejected).toBeGreaterThan(inputs / 20);
    }, 60_000);
  });
});
