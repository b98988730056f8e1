/**
 * The nexthop scenarios (fixtures/scenarios/nexthop.ts) replayed over their
 * kernel captures (fixtures/nexthop, `sudo bun fixtures/capture.ts
 * nexthop`): requests equal the recorded bytes, results equal what was
 * decoded at capture time, every RTM_NEWNEXTHOP answer decodes and
 * re-encodes to the kernel's bytes, and what we list agrees with the
 * `ip -j -d nexthop show` / `route show` output recorded next to it.
 */
import { describe, expect, it } from "vitest";
import { nexthopCodec } from "../../codecs/nexthop/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Nexthop } from "../../lib/rtnl/nexthop/api.ts";
import type { Route } from "../../lib/rtnl/route/api.ts";
import { ipJsonOutputs, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectRoutesLikeIp, linkIndexes, nexthopAsIp } from "../route/ip-json.ts";

const SCENARIOS = ["groups", "objects", "route-nhid"];

function names(links: unknown): Map<number, string> {
  return new Map([...linkIndexes(links)].map(([n, i]) => [i, n]));
}

describe("nexthop scenarios replayed (fixtures/nexthop)", () => {
  itReplaysEveryScenario("nexthop", SCENARIOS);

  itReencodesAnswers({
    family: "nexthop", names: SCENARIOS, type: RTM.NEWNEXTHOP, codec: nexthopCodec, moreThan: 20,
    title: "every RTM_NEWNEXTHOP answer re-encodes to the kernel's bytes",
    also: (msg) => expect(msg.attrs.unknown).toBeUndefined(),
  });

  it("objects: our list agrees with ip -j -d nexthop show", async () => {
    const { result, commands } = await replayScenario("nexthop", "objects");
    const [links, ip] = ipJsonOutputs(commands);
    const r = result as { all: Nexthop[]; get2: Nexthop; get6: Nexthop; dup: unknown; missing: unknown };
    expect(r.all.map((n) => nexthopAsIp(n, names(links)))).toEqual(ip);
    expect(r.get2).toEqual(r.all.find((n) => n.id === 2));
    expect(r.get6).toMatchObject({ id: 6, family: "inet6", blackhole: true });
    expect(r.dup).toEqual({ code: "EEXIST", kernelMessage: null });
    expect(r.missing).toEqual({ code: "ENOENT", kernelMessage: null });
  });

  it("groups: lists (all, groups only, by link) agree with ip; weights above 256 survive via weight_high", async () => {
    const { result, commands } = await replayScenario("nexthop", "groups");
    const [links, all, groups, onV0] = ipJsonOutputs(commands);
    const r = result as { all: Nexthop[]; groups: Nexthop[]; onV0: Nexthop[]; get12: Nexthop; inUse: unknown };
    expect(r.all.map((n) => nexthopAsIp(n, names(links)))).toEqual(all);
    expect(r.groups.map((n) => nexthopAsIp(n, names(links)))).toEqual(groups);
    expect(r.onV0.map((n) => nexthopAsIp(n, names(links)))).toEqual(onV0);
    expect(r.all.find((n) => n.id === 11)?.group).toEqual([{ id: 1, weight: 300 }, { id: 3, weight: 1 }]);
    expect(r.get12).toMatchObject({ groupType: "resilient", resilient: { buckets: 16, idleTimer: 30, unbalancedTimer: 60 } });
    expect(r.inUse).toEqual({ code: "EINVAL", kernelMessage: "Invalid nexthop id" });
  });

  it("route-nhid: routes using nexthop objects agree with ip; replace moves them, delete removes them", async () => {
    const { result, commands } = await replayScenario("nexthop", "route-nhid");
    const [links, before, after, nhLeft] = ipJsonOutputs(commands);
    const r = result as { before: Route[]; replaced: Route[]; afterDelete: Route[]; nhLeft: Nexthop[]; deleteMissing: unknown };
    expectRoutesLikeIp(r.before, before, names(links), true);
    expectRoutesLikeIp(r.afterDelete, after, names(links), true);
    expect(r.nhLeft.map((n) => nexthopAsIp(n, names(links)))).toEqual(nhLeft);
    expect(r.before.find((x) => x.dst === "203.0.113.0/24")).toMatchObject({ nhid: 10, multipath: [{ gateway: "192.0.2.2", weight: 1 }, { gateway: "192.0.2.3", weight: 2 }] });
    expect(r.replaced.find((x) => x.nhid === 1)?.gateway).toBe("192.0.2.9");
    expect(r.afterDelete.some((x) => x.nhid === 10)).toBe(false);
    expect(r.deleteMissing).toEqual({ code: "ENOENT", kernelMessage: null });
  });
});
