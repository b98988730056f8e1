/**
 * The rule scenarios (fixtures/scenarios/rule.ts) replayed over their
 * kernel captures (fixtures/rule, `sudo bun fixtures/capture.ts rule`):
 * requests equal the recorded bytes, results equal what was decoded at
 * capture time, every answer decodes and re-encodes to the kernel's bytes,
 * and the rules listed agree with `ip -j rule show` run right after.
 */
import { describe, expect, it } from "vitest";
import { ruleMessage } from "../../codecs/rule/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Rule } from "../../lib/rtnl/rule/api.ts";
import { ipJsonOutputs, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectSameAsIp } from "./ip-json.ts";

const SCENARIOS = ["delete", "refusals", "v4-actions", "v4-selectors", "v6"];
const rules = (r: unknown, k = "rules") => (r as Record<string, Rule[]>)[k]!;

describe("rule scenarios replayed (fixtures/rule)", () => {
  itReplaysEveryScenario("rule", SCENARIOS);

  for (const name of ["v4-selectors", "v4-actions", "v6"]) {
    it(`${name}: our list agrees with ip -j rule show`, async () => {
      const { result, commands } = await replayScenario("rule", name);
      expectSameAsIp(rules(result), ipJsonOutputs(commands)[0]);
    });
  }

  it("v4-selectors: what ip 6.1 cannot show (dscp) reads back as given", async () => {
    const { result } = await replayScenario("rule", "v4-selectors");
    expect(rules(result).find((r) => r.priority === 1004)).toMatchObject({ dscp: 46, table: 100 });
    expect(rules(result).find((r) => r.priority === 1013)!.tunId).toBe(0x1234567890n);
  });

  it("v6: the flow label (unknown to ip 6.1) reads back as given", async () => {
    const { result } = await replayScenario("rule", "v6");
    expect(rules(result).find((r) => r.priority === 3004)).toMatchObject({ flowlabel: 0x12345, flowlabelMask: 0xfffff });
  });

  it("v4-actions: a goto to a missing priority is flagged unresolved", async () => {
    const { result } = await replayScenario("rule", "v4-actions");
    expect(rules(result).find((r) => r.priority === 2004)!.flags).toEqual(["unresolved"]);
    expect(rules(result).find((r) => r.priority === 2003)!.flags).toEqual([]);
  });

  it("delete: only the default rules are left, as ip shows", async () => {
    const { result, commands } = await replayScenario("rule", "delete");
    const [v4, v6] = ipJsonOutputs(commands);
    expectSameAsIp(rules(result, "v4"), v4);
    expectSameAsIp(rules(result, "v6"), v6);
    expect(rules(result, "both")).toEqual([...rules(result, "v4"), ...rules(result, "v6")]);
    expect(result).toMatchObject({ deletedByListing: 2, gone: { code: "ENOENT" } });
  });

  it("refusals: errno and extended ACK text as the kernel gave them", async () => {
    const { result } = await replayScenario("rule", "refusals");
    expect(result).toEqual({
      duplicate: { code: "EEXIST", kernelMessage: null },
      backwardGoto: { code: "EINVAL", kernelMessage: "Backward goto not supported" },
      missing: { code: "ENOENT", kernelMessage: null },
    });
  });

  itReencodesAnswers({ family: "rule", names: SCENARIOS, type: RTM.NEWRULE, codec: ruleMessage, moreThan: 40, title: "every captured RTM_NEWRULE answer decodes and re-encodes to the same bytes" });
});
