/**
 * The statistics scenarios (fixtures/scenarios/stats.ts) replayed over
 * their kernel captures (fixtures/stats, `sudo bun fixtures/capture.ts
 * stats`): requests equal the recorded bytes, results equal what was
 * decoded at capture time, every RTM_NEWSTATS answer decodes and re-encodes
 * to the kernel's bytes, and what nl.stats read, printed by our renderer
 * (lib/format/stats.ts) as -j output, equals the `ip -j stats show` run
 * right after it (IPv6 off in the scenario: no counter moves in between).
 */
import { describe, expect, it } from "vitest";
import { RTM } from "../../codecs/rtnetlink.ts";
import { statsMessage } from "../../codecs/stats/index.ts";
import { Printer } from "../../lib/format/printer.ts";
import { printStatsLeaf } from "../../lib/format/stats.ts";
import { selectLeaves, STATS_LEAVES, type LinkStats, type StatsLeaf } from "../../lib/rtnl/stats/api.ts";
import { ipJsonOutputs, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";

const SCENARIOS = ["list", "set"];

/** Our -j rendering: for each device, each leaf (ip's row order), device names from ip's own output. */
function asIpJson(devs: LinkStats[], leaves: readonly StatsLeaf[], names: Map<number, string>): unknown {
  const p = new Printer({ json: true, pretty: false, oneline: false });
  p.arr(null);
  for (const s of devs) {
    for (const leaf of leaves) {
      p.obj();
      printStatsLeaf(p, s, leaf, { ifname: names.get(s.ifindex) ?? `if${s.ifindex}`, level: 1 });
      p.endObj();
    }
  }
  p.endArr();
  return JSON.parse(p.take());
}

const namesOf = (rows: unknown): Map<number, string> =>
  new Map((rows as Array<{ ifindex: number; ifname: string }>).map((r) => [r.ifindex, r.ifname]));

describe("statistics scenarios replayed (fixtures/stats)", () => {
  itReplaysEveryScenario("stats", SCENARIOS);

  it("list: every device with every group, as ip -j stats show prints it; the narrower reads carry only their groups", async () => {
    const { result, commands } = await replayScenario("stats", "list");
    const r = result as Record<string, LinkStats[]>;
    const [ipAll] = ipJsonOutputs(commands);
    expect(asIpJson(r.all!, STATS_LEAVES, namesOf(ipAll))).toEqual(ipAll);
    expect(r.all!.map((s) => s.ifindex)).toEqual(r.link!.map((s) => s.ifindex));
    expect(r.link!.every((s) => Object.keys(s).join() === "ifindex,link64")).toBe(true);
    expect(r.link!.map((s) => s.link64)).toEqual(r.all!.map((s) => s.link64));
    // hw_stats_info alone: the kernel sent only the HW_S_INFO member of the offload nest.
    expect(r.offload!.every((s) => Object.keys(s.linkOffloadXstats ?? {}).join() === "hwSInfo")).toBe(true);
    const br0 = r.bridge!.find((s) => s.linkXstats?.bridge !== undefined);
    expect(br0?.linkXstats?.bridge?.mcast?.igmpV1queriesRx).toBe(0n);
    const port = r.bridge!.find((s) => s.linkXstatsSlave?.bridge?.stp !== undefined);
    expect(port?.linkXstatsSlave?.bridge?.stp?.txBpdu).toBe(0n);
    expect(r.all!.some((s) => (s.link64?.txPackets ?? 0n) >= 2n)).toBe(true); // the echo requests out of br0
    expect(r.af!.every((s) => s.afSpec?.mpls === undefined)).toBe(true); // no MPLS on this kernel
  });

  it("set: L3 hardware statistics requested on v0 and read back with their counters, off again, accepted for the bridge too", async () => {
    const { result, commands } = await replayScenario("stats", "set");
    const r = result as Record<string, LinkStats & { code?: string }>;
    expect(r.before!.linkOffloadXstats?.hwSInfo?.l3Stats).toEqual({ request: 0, used: 0 });
    expect(r.on!.linkOffloadXstats?.hwSInfo?.l3Stats?.request).toBe(1);
    expect(typeof r.on!.linkOffloadXstats?.l3Stats?.rxPackets).toBe("bigint");
    const [ipOn] = ipJsonOutputs(commands);
    expect(asIpJson([r.on!], selectLeaves({ group: "offload", subgroup: "l3_stats" }), namesOf(ipOn))).toEqual(ipOn);
    expect(r.off!.linkOffloadXstats?.hwSInfo?.l3Stats?.request).toBe(0);
    expect(r.bridge).toBeNull(); // this kernel records the request for any device (nothing uses it: `used` stays off)
  });

  itReencodesAnswers({
    family: "stats", names: SCENARIOS, type: RTM.NEWSTATS, codec: statsMessage, moreThan: 10,
    title: "every captured RTM_NEWSTATS answer decodes and re-encodes to the same bytes",
  });
});
