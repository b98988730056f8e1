/**
 * The route scenarios (fixtures/scenarios/route.ts) replayed over their
 * kernel captures (fixtures/route, `sudo bun fixtures/capture.ts route`):
 * requests equal the recorded bytes, results equal what was decoded at
 * capture time, every RTM_NEWROUTE answer decodes and re-encodes to the
 * kernel's bytes (and the fast decoder agrees with the generic engine), and
 * the routes listed agree with the `ip -j -d route` output recorded next to
 * them.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { messageCodec } from "../../codecs/core/message.ts";
import { routeAttrs, routeCodec, rtmsgHeader, typeEncapIn, RTA } from "../../codecs/route/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Route } from "../../lib/rtnl/route/api.ts";
import { ipJsonOutputs, loadFixture, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectRoutesLikeIp, linkIndexes, ourAsIp } from "./ip-json.ts";

const SCENARIOS = ["batch", "flush", "get", "metrics", "modify", "multipath", "reject-types", "seg6-encap", "table-1000", "v4-single", "v6-single"];

type Pick = (result: Record<string, unknown>) => Route[];
const key = (k: string): Pick => (r) => r[k] as Route[];

/** Per scenario: for each `ip -j ... route show` after the link list, our routes and whether ip printed tables. */
const SNAPSHOTS: Record<string, Array<[Pick, boolean]>> = {
  "v4-single": [[key("main"), false]],
  "v6-single": [[key("main"), false]],
  multipath: [[key("v4"), false], [key("v6"), false]],
  metrics: [[key("v4"), false], [key("v6"), false]],
  "reject-types": [[key("all"), true]],
  // `ip route show table N` without -6 shows IPv4 only (ip/iproute.c: a table filter implies -4).
  "table-1000": [
    [(r) => (r.t1000 as { routes: Route[] }).routes.filter((x) => x.family === "inet"), false],
    [(r) => (r.t7 as { routes: Route[] }).routes, false],
    [key("all"), true],
  ],
  modify: [[key("end"), true]],
  flush: [[key("left"), true]],
  "seg6-encap": [[key("v6"), false]],
};

const generic = messageCodec("route", rtmsgHeader, routeAttrs);

describe("route scenarios replayed (fixtures/route)", () => {
  itReplaysEveryScenario("route", SCENARIOS);

  itReencodesAnswers({
    family: "route", names: SCENARIOS, type: RTM.NEWROUTE, codec: routeCodec, moreThan: 300,
    title: "every RTM_NEWROUTE answer re-encodes to the kernel's bytes; the fast decoder equals the generic engine",
    also: (fast, m) => {
      const g = generic.decode(m.buf, m.dv, m.payload, m.end);
      typeEncapIn(g.attrs, m.buf, m.dv, m.payload + 12, m.end, RTA.ENCAP);
      expect(fast).toEqual(g);
    },
  });

  for (const [name, snaps] of Object.entries(SNAPSHOTS)) {
    it(`${name}: our lists agree with ip -j -d route show`, async () => {
      const { result, commands } = await replayScenario("route", name);
      const [links, ...ip] = ipJsonOutputs(commands);
      const names = new Map([...linkIndexes(links)].map(([n, i]) => [i, n]));
      expect(ip.length).toBe(snaps.length);
      snaps.forEach(([pick, withTable], i) => expectRoutesLikeIp(pick(result as Record<string, unknown>), ip[i], names, withTable));
    });
  }

  it("table-1000: the kernel filtered by table (NLM_F_DUMP_FILTERED), and the other selectors held", async () => {
    const { result } = await replayScenario("route", "table-1000");
    const r = result as Record<string, any>;
    expect(r.t1000.kernelFiltered).toBe(true);
    expect(r.t1000.routes.map((x: Route) => x.table)).toEqual([1000, 1000, 1000, 1000]);
    expect(r.t1000.routes.map((x: Route) => x.family)).toEqual(["inet", "inet", "inet", "inet6"]);
    expect(r.t7.routes.map((x: Route) => [x.table, x.dst])).toEqual([[7, "203.0.113.0/24"]]);
    expect(r.staticIn1000.map((x: Route) => x.dst)).toEqual(["198.51.100.0/24", "203.0.113.0/24"]);
    expect(r.unreachableIn1000.map((x: Route) => [x.type, x.dst])).toEqual([["unreachable", "203.0.113.0/24"]]);
    expect(r.v0Everywhere).toEqual(r.all.filter((x: Route) => x.family === "inet" && x.ifindex === 3));
    expect(r.v0Everywhere.length).toBe(6);
    expect(r.missingTable).toEqual({ routes: [], kernelFiltered: true });
  });

  it("table-1000: the dump requests carried the selectors as iproute2 sends them", () => {
    const f = loadFixture("route", "table-1000");
    const dumps = f.exchanges.map((e) => splitMessages(fromHex(e.send))[0]!).filter((m) => m.type === RTM.GETROUTE);
    const first = routeCodec.decode(dumps[0]!.buf, dumps[0]!.dv, dumps[0]!.payload, dumps[0]!.end);
    expect(first).toMatchObject({ family: 0, table: "unspec", protocol: "unspec", type: "unspec", attrs: { table: 1000 } });
    const byType = dumps.map((m) => routeCodec.decode(m.buf, m.dv, m.payload, m.end)).find((m) => m.type === "unreachable");
    expect(byType?.attrs).toEqual({ table: 1000 });
    const byOif = dumps.map((m) => routeCodec.decode(m.buf, m.dv, m.payload, m.end)).find((m) => m.attrs.oif !== undefined);
    expect(byOif).toMatchObject({ family: 2, attrs: { oif: 3 } });
  });

  it("get: each lookup agrees with ip -j route get", async () => {
    const { result, commands } = await replayScenario("route", "get");
    const [links, ...ip] = ipJsonOutputs(commands);
    const names = new Map([...linkIndexes(links)].map(([n, i]) => [i, n]));
    const r = result as Record<string, Route>;
    const keys = ["plain", "from", "oif", "mark", "fibmatch", "v6"];
    expect(ip.length).toBe(keys.length);
    keys.forEach((k, i) => {
      const theirs = (ip[i] as Array<Record<string, unknown>>)[0]!;
      const ours = ourAsIp(r[k]!, names, false);
      for (const f of ["dst", "from", "gateway", "dev", "prefsrc", "metric", "pref"]) expect([k, f, ours[f]]).toEqual([k, f, theirs[f]]);
      if (theirs.mark !== undefined) expect(r[k]!.mark).toBe(theirs.mark);
      if (theirs.uid !== undefined) expect(r[k]!.uid).toBe(theirs.uid);
    });
    expect(r.unreachable).toEqual({ code: "ENETUNREACH", kernelMessage: null });
    expect(r.fibmatch!.dst).toBe("198.51.100.0/24");
    expect(r.plain!.flags).toContain("cloned");
  });

  it("batch: duplicates are refused at their own indexes and ip sees every route", async () => {
    const { result, commands } = await replayScenario("route", "batch");
    const r = result as { ok: number; errors: unknown[]; count: number; first: Route[] };
    expect(r.errors).toEqual([{ index: 100, code: "EEXIST" }, { index: 250, code: "EEXIST" }]);
    expect(r.ok).toBe(300);
    const ip = ipJsonOutputs(commands)[1] as unknown[];
    expect(ip.length).toBe(r.count);
    expect(r.count).toBe(300);
  });

  it("modify and flush: refusals and counts", async () => {
    const m = (await replayScenario("route", "modify")).result as Record<string, unknown>;
    expect(m.missing).toEqual({ code: "ESRCH", kernelMessage: null });
    expect(m.exists).toEqual({ code: "EEXIST", kernelMessage: null });
    expect(m.changeMissing).toEqual({ code: "ENOENT", kernelMessage: null });
    expect((m.afterChange as Route[]).filter((x) => x.dst === "198.51.100.0/24").map((x) => [x.gateway, x.metric])).toEqual([["192.0.2.3", undefined], ["192.0.2.5", 10]]);
    const f = (await replayScenario("route", "flush")).result as Record<string, unknown>;
    expect(f).toMatchObject({ byTable: 9, byProtocol: 1, byLink: 1, again: 0 });
  });
});
