// The sandbox manager replayed over kernel exchanges captured by fixtures/scenarios/sandbox.ts:
// same requests byte for byte, same results, same system-layer calls, and kernel state (ip -j) agreeing with the records.
import { describe, expect, it } from "vitest";
import { fixtureNames, loadFixture, replayConnection, replayScenario } from "../helpers/replay.ts";
import family from "../../fixtures/scenarios/sandbox.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";
import { FAKE_BASE } from "../../fixtures/sandbox/harness.ts";
import { SharedTransport } from "../../fixtures/sandbox/scenario-os.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import { ReplayMismatchError } from "../../lib/transport/replay.ts";

type Json = Record<string, any>;

async function replay(name: string): Promise<Json> {
  const { result, expected } = await replayScenario("sandbox", name);
  expect(result).toEqual(expected);
  return result as Json;
}

describe("sandbox fixtures", () => {
  it("every scenario has a fixture and every fixture a scenario", () => {
    expect(fixtureNames("sandbox")).toEqual(family.scenarios.map((s) => s.name).sort());
  });

  it.each(family.scenarios.map((s) => s.name))("%s replays with identical requests and result", async (name) => {
    await replay(name);
  });
});

describe("what the replays show", () => {
  it("create-destroy: the system calls of create and destroy, lo up, key on the garbage list", async () => {
    const r = await replay("create-destroy");
    const key = `${FAKE_BASE}/sb1`;
    expect(r.calls).toEqual([
      `prepareBase ${FAKE_BASE}`,
      `createFile ${key}`,
      `mountNewNetns ${key}`,
      `openNetlink ${key} 3000`,
      `readSysctl ${key} net/ipv6/conf/all/disable_ipv6`,
      `writeSysctl ${key} net/ipv6/conf/all/disable_ipv6 1`,
      `unmount ${key}`,
    ]);
    expect(r.lo[0].flags).toContain("UP");
    expect(r.garbage).toEqual([key]);
    expect(r.afterDestroy.name).toBe("SandboxDestroyedError");
  });

  it("recreate-and-restore: a listed key leaves the list; restore mounts nothing and leaves IPv6 alone", async () => {
    const r = await replay("recreate-and-restore");
    expect(r.listed).toEqual([`${FAKE_BASE}/k`]);
    expect(r.listedAfter).toEqual([]);
    const restoreCalls = r.calls.slice(r.calls.lastIndexOf(`writeSysctl ${FAKE_BASE}/k net/ipv6/conf/all/disable_ipv6 1`) + 1);
    expect(restoreCalls[0]).toBe(`openNetlink ${FAKE_BASE}/k 3000`);
    expect(restoreCalls.some((c: string) => /mount|createFile|writeSysctl/.test(c.split(" ")[0]!) && !c.startsWith("unmount"))).toBe(false);
  });

  it("default-sandbox: bind of the host namespace, names kept, nothing moved, IPv6 of all untouched", async () => {
    const r = await replay("default-sandbox");
    expect(r.isDefault).toBe(true);
    expect(r.iface.dstName).toBe("c0");
    expect(r.calls.some((c: string) => c.startsWith("openNetns"))).toBe(false);
    expect(r.calls.some((c: string) => c.includes("conf/all/"))).toBe(false);
    expect(r.calls[2]).toMatch(/^bindNetns \/run\/netns\/\S+ \/run\/bnl-fake-sandbox\/def$/);
    expect(r.after.map((l: Json) => l.ifname)).toContain("c0");
  });

  it("add-interface-options: every option reached the kernel as ip -j shows it", async () => {
    const r = await replay("add-interface-options");
    expect(r.eth0.dstName).toBe("eth0");
    expect(r.eth1.dstName).toBe("eth1");
    expect(r.nextEth).toBe(2);
    const eth0 = r.addrs.find((l: Json) => l.ifname === "eth0");
    expect(eth0.address).toBe("02:42:c0:00:02:0a");
    expect(eth0.flags).toContain("UP");
    const addrs = eth0.addr_info.map((a: Json) => `${a.local}/${a.prefixlen}`);
    expect(addrs).toEqual(expect.arrayContaining(["192.0.2.10/24", "2001:db8::10/64", "fe80::10/64", "169.254.10.10/16"]));
    expect(eth0.addr_info.find((a: Json) => a.local === "2001:db8::10").nodad).toBe(true);
    expect(r.routes).toContainEqual(expect.objectContaining({ dst: "198.51.100.0/24", dev: "eth0", scope: "link" }));
    expect(r.routes.some((x: Json) => x.dst === "default")).toBe(false); // a default destination waits for setDefaultRouteIPv4
    expect(r.links.map((l: Json) => l.ifname)).toEqual(["eth0", "eth1", "h0", "h1", "lo"]);
    expect(r.statsTypes).toEqual(Array(8).fill("bigint"));
    expect(r.loIPv6).toBe(true);
    expect(r.calls).toContain(`writeSysctl ${FAKE_BASE}/sb net/ipv4/conf/eth0/forwarding 1`);
    expect(r.calls).toContain(`writeSysctl ${FAKE_BASE}/sb net/ipv6/conf/eth0/disable_ipv6 0`);
    expect(r.calls).toContain(`writeSysctl ${FAKE_BASE}/sb net/ipv6/conf/eth1/disable_ipv6 1`);
  });

  it("bridge-and-master: bridge renamed br0, port enslaved by srcName, removals, a freed index is reused (osl generateIfaceName)", async () => {
    const r = await replay("bridge-and-master");
    expect(r.br.dstName).toBe("br0");
    expect(r.port).toMatchObject({ dstName: "veth0", master: "brsrc", dstMaster: "br0" });
    expect(r.withBridge.find((l: Json) => l.ifname === "veth0").master).toBe("br0");
    expect(r.badMaster.message).toMatch(/could not find an appropriate master "c0"/);
    expect(r.port2.dstName).toBe("veth0");
    expect(r.after.map((l: Json) => l.ifname)).not.toContain("br0");
  });

  it("add-interface-rollback: the link is back under its name; a failed bridge is gone; bad input is refused", async () => {
    const r = await replay("add-interface-rollback");
    // osl's wording, naming the link by its source name: error setting interface "c0" IP to ...
    expect(r.conflict.message).toMatch(/^error setting interface "c0" IP to 192\.0\.2\.10\/24: cannot program address 192\.0\.2\.10\/24 in sandbox interface because it conflicts with existing route \{Ifindex: \d+ Dst: 192\.0\.2\.0\/25 /);
    expect(r.afterConflict.map((l: Json) => l.ifname)).toEqual(["c0", "h0", "lo"]);
    expect(r.afterBridge.map((l: Json) => l.ifname)).toEqual(["c0", "h0", "lo"]);
    expect(r.badInput.slice(0, 6).map((e: Json) => e.name)).toEqual(Array(6).fill("TypeError"));
    expect(r.ok.dstName).toBe("eth0"); // failed adds take no index
    expect(r.errors).toEqual([]);
  });

  it("gateways: default routes via the gateways and through a device, removed again", async () => {
    const r = await replay("gateways");
    expect(r.withGw.v4).toEqual([expect.objectContaining({ dst: "default", gateway: "192.0.2.1", dev: "eth0" })]);
    expect(r.withGw.v6).toEqual([expect.objectContaining({ dst: "default", gateway: "2001:db8::1", dev: "eth0" })]);
    expect(r.got).toEqual({ gw: "192.0.2.1", gw6: "2001:db8::1" });
    expect(r.noGw).toEqual({ v4: [], gw: null });
    expect(r.devRoutes.v4).toEqual([expect.objectContaining({ dst: "default", dev: "eth1", scope: "link" })]);
    expect(r.devRoutes.v6).toEqual([expect.objectContaining({ dst: "default", dev: "eth1" })]);
    expect(r.cleared).toEqual({ v4: [], v6: [] });
  });

  it("static-routes: via the next hop's link, conflicts refused before any request", async () => {
    const r = await replay("static-routes");
    expect(r.kernel.v4).toEqual([expect.objectContaining({ gateway: "192.0.2.1", dev: "eth0" })]);
    expect(r.conflict.message).toMatch(/conflicts with existing static route/);
    // host bits go to the kernel as osl hands them over; IPv4 refuses them
    expect(r.hostBits).toEqual({ name: "NetlinkError", code: "EINVAL", message: expect.stringMatching(/Invalid prefix for given prefix length/) });
    expect(r.missing.code).toBe("ESRCH");
    expect(r.after.listed).toEqual([{ destination: "2001:db8:5::/48", nextHop: "2001:db8::1" }]);
  });

  it("neighbours: permanent entries, typed errors", async () => {
    const r = await replay("neighbours");
    expect(r.neigh).toEqual([expect.objectContaining({ dst: "192.0.2.50", lladdr: "02:00:00:00:00:50", state: ["PERMANENT"] })]);
    expect(r.exists.name).toBe("NeighbourExistsError");
    expect(r.notFound.name).toBe("NeighbourNotFoundError");
    expect(r.after).toEqual([]);
  });

  it("alias-ip: added and removed; kernel refusals surface as NetlinkError", async () => {
    const r = await replay("alias-ip");
    const eth0 = r.withAlias.find((l: Json) => l.ifname === "eth0");
    expect(eth0.addr_info.map((a: Json) => a.local)).toContain("203.0.113.5");
    expect(r.dup.code).toBe("EEXIST");
    expect(r.missing.code).toBe("EADDRNOTAVAIL");
    expect(r.after.find((l: Json) => l.ifname === "eth0").addr_info.map((a: Json) => a.local)).toEqual(["192.0.2.10"]);
  });

  it("sysctls: written in the sandbox only, lo IPv6 follows the interfaces, IPVS knobs skipped with warnings", async () => {
    const r = await replay("sysctls");
    expect(r.lo).toEqual([false, true, false]);
    expect(r.sysctls[`${FAKE_BASE}/sb|net/ipv4/conf/eth0/arp_ignore`]).toBe("1");
    expect(r.sysctls[`${FAKE_BASE}/sb|net/ipv4/conf/eth0/arp_announce`]).toBe("2");
    expect(r.warnings).toHaveLength(3);
    expect(r.calls.filter((c: string) => c.startsWith("writeSysctl")).every((c: string) => c.split(" ")[1] === `${FAKE_BASE}/sb`)).toBe(true);
  });

  it("restore: names found by address, vxlan and veth prefixes; new names take the lowest free index", async () => {
    const r = await replay("restore");
    const names = Object.fromEntries(r.interfaces.map((i: Json) => [i.srcName, i.dstName]));
    expect(names).toEqual({ "veth-a": "eth0", "veth-b": "eth3", "vx-src": "vxlan1", "port-src": "veth2", "br-src": "br" });
    expect(r.next).toEqual({ eth: 1, vxlan: 0, veth: 0, br: 0 });
    expect(r.added.dstName).toBe("eth1");
    expect(r.unchanged).toBe(0);
  });
});

describe("the replay can fail", () => {
  it("a different MAC address is a different request", () => {
    const fixture = loadFixture("sandbox", "add-interface-options");
    const { conn } = replayConnection(fixture);
    const os = new FakeOs({ netlink: (_p, timeoutMs) => new NetlinkConnection(new SharedTransport(conn.transport), { timeoutMs }) });
    const mgr = new SandboxManager({ basePath: FAKE_BASE, hostNetns: `/run/netns/${fixture.netns}`, os });
    try {
      const sb = mgr.create("sb");
      let err: unknown;
      try {
        sb.addInterface("c0", "eth", {
          mac: "02:42:c0:00:02:0b",
          address: "192.0.2.10/24",
          addressIPv6: "2001:db8::10/64",
          linkLocalAddresses: ["fe80::10/64", "169.254.10.10/16"],
          routes: ["198.51.100.0/24", "0.0.0.0/0"],
          sysctls: ["net.ipv4.conf.IFNAME.forwarding=1", "net.ipv6.conf.IFNAME.accept_ra=0"],
        });
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).toMatch(/MAC to "02:42:c0:00:02:0b"/);
      expect((err as Error).cause).toBeInstanceOf(ReplayMismatchError);
    } finally {
      mgr.close();
    }
  });
});
