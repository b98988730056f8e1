/**
 * The neighbour table scenarios (fixtures/scenarios/ntable.ts) replayed over
 * their kernel captures (fixtures/ntable, `sudo bun fixtures/capture.ts
 * ntable`): requests equal the recorded bytes, results equal what was
 * decoded at capture time, every RTM_NEWNEIGHTBL answer decodes and
 * re-encodes to the kernel's bytes, and the entries listed agree with the
 * `ip -j ntable show` run right after them, also when printed by our
 * renderer (lib/format/ntable.ts) as `-j` output.
 */
import { describe, expect, it } from "vitest";
import { RTM } from "../../codecs/rtnetlink.ts";
import { ntableMessage } from "../../codecs/ntable/index.ts";
import type { NeighbourTable } from "../../lib/rtnl/ntable/api.ts";
import { printNtable } from "../../lib/format/ntable.ts";
import { Printer } from "../../lib/format/printer.ts";
import { ipJsonOutputs, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";

const SCENARIOS = ["change", "list"];

/** Our -j rendering of entries, device names from `names`. */
function asIpJson(entries: NeighbourTable[], names: Record<number, string>): unknown {
  const p = new Printer({ json: true, pretty: false, oneline: false });
  p.arr(null);
  for (const t of entries) {
    p.obj();
    printNtable(p, t, { devName: (i) => names[i] ?? `if${i}` });
    p.endObj();
  }
  p.endArr();
  return JSON.parse(p.take());
}

describe("neighbour table scenarios replayed (fixtures/ntable)", () => {
  itReplaysEveryScenario("ntable", SCENARIOS);

  it("list: both tables, each with its own entry first, then lo, v0 and v1; the filters are subsets", async () => {
    const { result, commands } = await replayScenario("ntable", "list");
    const r = result as Record<string, NeighbourTable[]>;
    expect(r.all!.map((t) => `${t.name}:${t.ifindex ?? "-"}`).sort()).toEqual(
      ["arp_cache:-", "arp_cache:1", "arp_cache:2", "arp_cache:3", "ndisc_cache:-", "ndisc_cache:1", "ndisc_cache:2", "ndisc_cache:3"]);
    const own = r.all!.filter((t) => t.ifindex === undefined);
    // A second dump: the tables' config and statistics are global and count every namespace's ARP/NDP work, and the
    // reachable times are re-randomised every 300 s (ip itself shows both between two reads); the rest must be the same.
    const steady = ({ config: _c, stats: _s, reachableTime: _r, ...t }: NeighbourTable) => t;
    expect(r.own!.map(steady)).toEqual(own.map(steady));
    expect(own.every((t) => t.thresh1 !== undefined && t.config !== undefined && typeof t.stats?.allocs === "bigint")).toBe(true);
    expect(r.ndisc!.map(steady)).toEqual(r.all!.filter((t) => t.family === "inet6").map(steady));
    const v0 = r.v0!;
    expect(v0.map((t) => t.name)).toEqual(["arp_cache", "ndisc_cache"]);
    expect(asIpJson(v0, { [v0[0]!.ifindex!]: "v0" })).toEqual(ipJsonOutputs(commands)[0]);
  });

  it("change: every parameter read back as set (queue from queue_lenbytes), the listed entry given back, ENOENT refusals", async () => {
    const { result, commands } = await replayScenario("ntable", "change");
    const r = result as Record<string, unknown>;
    const [v0] = r.v0 as NeighbourTable[];
    expect(v0).toMatchObject({
      baseReachableTime: 20000, retransTime: 500, gcStaletime: 30000, delayProbeTime: 3000, appProbes: 1, ucastProbes: 4, mcastProbes: 2,
      anycastDelay: 900, proxyDelay: 700, proxyQlen: 32, locktime: 800, mcastReprobes: 3, intervalProbeTimeMs: 2500, queueLenbytes: 100000,
    });
    const [v1] = r.v1 as NeighbourTable[];
    expect(v1).toMatchObject({ family: "inet6", retransTime: 2000, ucastProbes: 6 });
    const [ip0, ip1] = ipJsonOutputs(commands);
    expect(asIpJson([v0!], { [v0!.ifindex!]: "v0" })).toEqual(ip0);
    expect(asIpJson([v1!], { [v1!.ifindex!]: "v1" })).toEqual(ip1);
    for (const k of ["thresholds", "tableDefaults", "unknownTable", "wrongFamily"]) expect(r[k], k).toEqual({ code: "ENOENT", kernelMessage: null });
  });

  itReencodesAnswers({
    family: "ntable", names: SCENARIOS, type: RTM.NEWNEIGHTBL, codec: ntableMessage, moreThan: 20,
    title: "every captured RTM_NEWNEIGHTBL answer decodes and re-encodes to the same bytes",
  });
});
