/**
 * The link scenarios (fixtures/scenarios/link.ts) replayed over their
 * kernel captures (fixtures/link, `sudo bun fixtures/capture.ts link`):
 * the requests equal the recorded bytes, the results equal what was decoded
 * at capture time, every kernel answer decodes and re-encodes to the same
 * bytes, and the links we read agree with `ip -j -d link show` run right
 * after (names, indexes, flags, mtu, addresses, kind data).
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { linkMessage, linkRequest } from "../../codecs/link/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Link } from "../../lib/rtnl/link/api.ts";
import { ipJsonOutputs, loadFixture, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectSameAsIp, type IpLink } from "./ip-json.ts";

const SCENARIOS = ["bridge", "bridge-port", "ifb", "list-filters", "macvlan", "macvtap", "refusals", "veth", "vxlan"];

/** The result key holding the list taken just before `ip -j -d link show`. */
const SNAPSHOT: Record<string, string> = {
  veth: "afterSet", bridge: "afterSet", "bridge-port": "afterEnslave", macvlan: "afterSet", macvtap: "afterAdd",
  vxlan: "afterSet", ifb: "afterSet", "list-filters": "snap",
};

type R = Record<string, any>;
const replay = async (name: string): Promise<R> => (await replayScenario("link", name)).result as R;
const byName = (ls: Link[], n: string): Link => ls.find((l) => l.attrs.ifname === n)!;

describe("link scenarios replayed (fixtures/link)", () => {
  itReplaysEveryScenario("link", SCENARIOS);
  for (const name of SCENARIOS) {
    itReencodesAnswers({ family: "link", names: [name], type: RTM.NEWLINK, codec: linkMessage, moreThan: 0, title: `${name}: every RTM_NEWLINK the kernel sent decodes and re-encodes to its bytes` });
  }

  for (const [name, key] of Object.entries(SNAPSHOT)) {
    it(`${name}: our links agree with ip -j -d link show`, async () => {
      const { result, commands } = await replayScenario("link", name);
      const ip = ipJsonOutputs(commands);
      expect(ip.length).toBe(1);
      expectSameAsIp((result as R)[key] as Link[], ip[0] as IpLink[]);
    });
  }

  it("veth: what was asked for is what the kernel reports", async () => {
    const r = await replay("veth");
    expect(r.v0.attrs.linkinfo).toEqual({ kind: "veth" });
    expect(r.v0.attrs.mtu).toBe(1400);
    expect(r.v1.attrs).toMatchObject({ ifname: "v1", mtu: 1400, address: "02:00:00:00:01:01", link: r.v0.ifindex });
    expect(r.byKind.sort()).toEqual(["v0", "v1"]);
    const v0 = byName(r.afterSet, "v0");
    expect(v0.flags).toContain("UP");
    expect(v0.attrs).toMatchObject({ mtu: 1300, txqlen: 500, ifalias: "uplink" });
    expect(byName(r.afterSet, "v1x").ifindex).toBe(r.v1.ifindex);
    expect(r.afterDelete).toEqual(["lo"]);
    expect(r.gone).toBeNull();
  });

  it("bridge: the options are in the bridge data", async () => {
    const r = await replay("bridge");
    expect(r.created.attrs.address).toBe("02:00:00:00:02:00");
    expect(r.created.attrs.linkinfo.data).toMatchObject({ forwardDelay: 400, helloTime: 300, maxAge: 2500, ageingTime: 6000, stpState: 0, priority: 4096, mcastSnooping: 0 });
    expect(r.created.attrs.linkinfo.data.bridgeId).toEqual({ prio: 4096, addr: "02:00:00:00:02:00" });
    expect(byName(r.afterSet, "br0").attrs.mtu).toBe(1400);
    expect(r.afterDelete).toEqual(["lo"]);
  });

  it("bridge-port: slave kind and port data, master filter, nomaster", async () => {
    const r = await replay("bridge-port");
    const br0 = byName(r.afterEnslave, "br0");
    expect(r.port.attrs.master).toBe(br0.ifindex);
    expect(r.port.attrs.linkinfo).toMatchObject({ kind: "veth", slaveKind: "bridge" });
    expect(r.port.attrs.linkinfo.slaveData).toMatchObject({ state: "disabled", priority: 32, cost: expect.any(Number), learning: 1, unicastFlood: 1 });
    expect(r.ports).toEqual(["v0"]);
    expect(r.released.attrs.master).toBeUndefined();
    expect(r.released.attrs.linkinfo.slaveKind).toBeUndefined();
    expect(r.portsAfter).toEqual([]);
    expect(r.enslavedAtCreation).toEqual(["v2"]);
  });

  it("macvlan / macvtap: mode and flags", async () => {
    const mv = await replay("macvlan");
    expect(mv.created.attrs.linkinfo.data).toMatchObject({ mode: "bridge", flags: [] });
    expect(mv.created.attrs.address).toBe("02:00:00:00:03:00");
    expect(mv.byKind).toEqual(["mv0"]);
    expect(byName(mv.afterSet, "mv0").attrs.mtu).toBe(1400);
    const mvt = await replay("macvtap");
    expect(mvt.created.attrs.linkinfo).toMatchObject({ kind: "macvtap", data: { mode: "vepa", flags: ["nopromisc"] } });
  });

  it("vxlan: VNI, addresses, ports and learning as asked", async () => {
    const r = await replay("vxlan");
    const v0 = byName(r.afterSet, "v0");
    expect(r.vx0.attrs.linkinfo.data).toMatchObject({ id: 42, link: v0.ifindex, ttl: 5, local: "192.0.2.1", group: "239.1.1.1", port: 4789, learning: 1 });
    expect(r.vx6.attrs.linkinfo.data).toMatchObject({ id: 43, local6: "2001:db8::1", group6: "2001:db8::2", portRange: { low: 1000, high: 2000 }, port: 4790, learning: 0 });
    expect(byName(r.afterSet, "vx0").attrs.mtu).toBe(1400);
    expect(r.afterDelete.sort()).toEqual(["lo", "v0", "v1"]);
  });

  it("ifb: address, txqlen, rename, group, up", async () => {
    const r = await replay("ifb");
    expect(r.created.attrs).toMatchObject({ ifname: "ifb0", address: "02:00:00:00:04:00", txqlen: 64, linkinfo: { kind: "ifb" } });
    const ifb = byName(r.afterSet, "ifb1");
    expect(ifb.ifindex).toBe(r.created.ifindex);
    expect(ifb.attrs.group).toBe(7);
    expect(ifb.flags).toContain("UP");
  });

  it("list-filters: master and kind filters, unknown kind", async () => {
    const r = await replay("list-filters");
    expect(r.all).toEqual(["lo", "br0", "br1", "v1", "v0", "v3", "v2", "ifb0"]);
    expect(r.bridges).toEqual(["br0", "br1"]);
    expect(r.br0Ports).toEqual(["v0"]);
    expect(r.br1Veths).toEqual(["v2"]);
    expect(r.unknownKind).toEqual([]);
  });

  it("list-filters: master and kind went into the dump request (kernel-side filtering)", () => {
    const f = loadFixture("link", "list-filters");
    const dumps = f.exchanges.map((e) => splitMessages(fromHex(e.send))[0]!).filter((m) => m.type === RTM.GETLINK && (m.flags & 0x300) === 0x300);
    const reqs = dumps.map((m) => linkRequest.decode(m.buf, m.dv, m.payload, m.end).attrs);
    expect(reqs.some((a) => a.master !== undefined && a.linkinfo?.kind === "veth")).toBe(true);
    expect(reqs.some((a) => a.linkinfo?.kind === "bridge")).toBe(true);
    // The kernel marks filtered dumps with NLM_F_DUMP_FILTERED (0x20) in its answers.
    const filteredAnswers = f.exchanges.filter((e) => e.recv.some((h) => (splitMessages(fromHex(h))[0]!.flags & 0x20) !== 0));
    expect(filteredAnswers.length).toBeGreaterThan(0);
  });

  it("refusals: errno names and extended ACK text", async () => {
    const r = await replay("refusals");
    expect(r.duplicate.code).toBe("EEXIST");
    expect(r.getMissing.code).toBe("ENODEV");
    expect(r.getMissingIndex.code).toBe("ENODEV");
    expect(r.findMissing).toBeNull();
    expect(r.deleteMissing.code).toBe("ENODEV");
    expect(r.unknownKind).toEqual({ code: "EOPNOTSUPP", kernelMessage: "Unknown device type" });
    expect(r.macvlanNoParent.code).toBe("EINVAL");
    expect(r.macvlanMtu.code).toBe("EINVAL");
  });
});
