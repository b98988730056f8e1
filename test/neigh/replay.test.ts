/**
 * The neighbour scenarios (fixtures/scenarios/neigh.ts) replayed over their
 * kernel captures (fixtures/neigh, `sudo bun fixtures/capture.ts neigh`):
 * requests equal the recorded bytes, results equal what was decoded at
 * capture time, every answer decodes and re-encodes to the kernel's bytes,
 * and the entries listed agree with `ip -j neigh show` run right after.
 */
import { describe, expect, it } from "vitest";
import { NLM_F_DUMP_FILTERED } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { neighMessage } from "../../codecs/neigh/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Neighbour } from "../../lib/rtnl/neighbour/api.ts";
import { ipJsonOutputs, loadFixture, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectSameAsIp } from "./ip-json.ts";

const SCENARIOS = ["delete-flush", "fdb", "filters", "proxy", "refusals", "states", "vxlan"];

describe("neighbour scenarios replayed (fixtures/neigh)", () => {
  itReplaysEveryScenario("neigh", SCENARIOS);

  const lists = (r: unknown, k: string) => (r as Record<string, Neighbour[]>)[k]!;

  it("states: our list agrees with ip -j neigh show dev v0 nud all", async () => {
    const { result, commands } = await replayScenario("neigh", "states");
    const v0 = lists(result, "v0");
    expect(new Set(v0.map((n) => n.state[0]))).toEqual(new Set(["none", "permanent", "noarp", "failed", "reachable", "stale"]));
    expectSameAsIp(v0, ipJsonOutputs(commands)[0]);
  });

  it("proxy: proxy listings agree with ip -j neigh show proxy [dev v0]", async () => {
    const { result, commands } = await replayScenario("neigh", "proxy");
    const [all, v0] = ipJsonOutputs(commands);
    expectSameAsIp(lists(result, "all"), all);
    expectSameAsIp(lists(result, "v0"), v0);
    expect(lists(result, "all").every((n) => n.proxy && n.flags.includes("proxy"))).toBe(true);
    // no proxy entry among the ordinary ones (the kernel may have made multicast NDP entries for MLD meanwhile)
    expect(lists(result, "ordinary").filter((n) => n.type !== "multicast")).toEqual([]);
  });

  it("fdb: port listing agrees with ip -j -f bridge neigh show dev v1 nud all; the master listing adds the bridge's own entries", async () => {
    const { result, commands } = await replayScenario("neigh", "fdb");
    expectSameAsIp(lists(result, "port"), ipJsonOutputs(commands)[0]);
    const port = lists(result, "port");
    expect(port.find((n) => n.lladdr === "02:00:00:00:00:10")).toBeUndefined(); // deleted
    expect(port.find((n) => n.lladdr === "02:00:00:00:00:11")!.flags).toContain("sticky");
    expect(port.filter((n) => n.master === port[0]!.master).length).toBeGreaterThan(3);
    const byMaster = lists(result, "byMaster");
    const br0 = port[0]!.master!;
    // The ages in cacheinfo count on between the two listings (an ip command ran in between): compare without them.
    const ageless = (l: Neighbour[]): Neighbour[] => l.map(({ cacheinfo: _c, ...n }) => n);
    expect(ageless(byMaster.filter((n) => n.ifindex !== br0))).toEqual(ageless(port));
    expect(byMaster.filter((n) => n.ifindex === br0).length).toBeGreaterThan(0);
  });

  it("vxlan: remotes, ports, VNIs and via agree with the request and with ip", async () => {
    const { result, commands } = await replayScenario("neigh", "vxlan");
    const vx0 = lists(result, "vx0");
    expectSameAsIp(vx0, ipJsonOutputs(commands)[0]);
    expect(vx0.find((n) => n.lladdr === "00:00:00:00:00:00")).toMatchObject({ dst: "198.51.100.7", port: 4790, vni: 43 });
    expect(vx0.find((n) => n.lladdr === "02:00:00:00:00:20")).toMatchObject({ dst: "198.51.100.9", vni: 44 });
    expect(result).toMatchObject({ duplicate: { code: "EEXIST" }, mixed: { code: "EAFNOSUPPORT" } });
  });

  it("filters: the unfiltered list agrees with ip; every filtered list is the matching subset", async () => {
    const { result, commands } = await replayScenario("neigh", "filters");
    const r = result as Record<string, string[]>;
    const ip = ipJsonOutputs(commands)[0] as Array<Record<string, unknown>>;
    expect(r.all).toEqual(ip.map((e) => `${e.dev === "v0" ? 3 : 2}:${e.dst}:${((e.state as string[] | undefined) ?? ["none"]).join("+").toLowerCase()}`));
    const pick = (pred: (s: string) => boolean) => r.all!.filter(pred);
    expect(r.v4).toEqual(pick((s) => !s.includes("::")));
    expect(r.v6OnV1).toEqual(pick((s) => s.startsWith("2:") && s.includes("::")));
    expect(r.stale).toEqual(pick((s) => s.endsWith(":stale")));
    expect(r.reachableOrNoarp).toEqual(pick((s) => s.endsWith(":reachable") || s.endsWith(":noarp")));
    expect(r.none).toEqual(pick((s) => s.endsWith(":none")));
    expect(r.onBridgePorts).toEqual(pick((s) => s.startsWith("2:")));
  });

  it("filters: link and master went into the dump requests and the kernel said it filtered them", () => {
    const f = loadFixture("neigh", "filters");
    const dumps = f.exchanges.filter((e) => splitMessages(fromHex(e.send))[0]!.type === RTM.GETNEIGH);
    const seen = dumps.map((e) => {
      const m = splitMessages(fromHex(e.send))[0]!;
      const req = neighMessage.decode(m.buf, m.dv, m.payload, m.end);
      const answerFlags = e.recv.flatMap((d) => splitMessages(fromHex(d))).reduce((acc, a) => acc | a.flags, 0);
      return { family: req.family, ifindex: req.attrs.ifindex, master: req.attrs.master, filtered: (answerFlags & NLM_F_DUMP_FILTERED) !== 0 };
    });
    expect(seen).toEqual([
      { family: 0, ifindex: undefined, master: undefined, filtered: false },
      { family: 2, ifindex: undefined, master: undefined, filtered: false },
      { family: 10, ifindex: 2, master: undefined, filtered: true },
      { family: 0, ifindex: undefined, master: undefined, filtered: false },
      { family: 0, ifindex: undefined, master: undefined, filtered: false },
      { family: 0, ifindex: undefined, master: undefined, filtered: false },
      { family: 0, ifindex: undefined, master: 4, filtered: true },
    ]);
  });

  it("delete-flush: counts, ENOENT and what is left agree with ip", async () => {
    const { result, commands } = await replayScenario("neigh", "delete-flush");
    expect(result).toMatchObject({ again: { code: "ENOENT" }, flushedV1: 2, flushedStale: 1 });
    expectSameAsIp(lists(result, "left"), ipJsonOutputs(commands)[0]);
    expect(lists(result, "left").map((n) => n.dst).sort()).toEqual(["192.0.2.2", "192.0.2.4"]);
  });

  it("refusals: errno names as the kernel gave them", async () => {
    const { result } = await replayScenario("neigh", "refusals");
    expect(result).toMatchObject({ duplicate: { code: "EEXIST" }, changeMissing: { code: "ENOENT" }, fdbVlan: { code: "EINVAL" }, noLink: { code: "ENODEV" } });
  });

  itReencodesAnswers({ family: "neigh", names: SCENARIOS, type: RTM.NEWNEIGH, codec: neighMessage, moreThan: 40, title: "every captured RTM_NEWNEIGH answer decodes and re-encodes to the same bytes" });
});
