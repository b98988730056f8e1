// Sandbox configuration against the kernel (root): interfaces moved in from a throwaway host namespace with
// every option, bridges, rollback, statistics, alias IPs, gateways, default device routes, static routes,
// neighbours and FDB entries, sysctls read back inside the sandbox, and restore — checked with ip/bridge -j
// and /proc/sys inside the namespaces. The root namespace is unchanged at the end.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import type { Sandbox } from "../../lib/sandbox/sandbox.ts";
import { MemoryLogger } from "../../lib/sandbox/logger.ts";
import { NeighbourExistsError, NeighbourNotFoundError } from "../../lib/sandbox/errors.ts";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { describeKernel, ROOT_NETNS_ID, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { inNs, ipj, removeBase, rootSnapshot, sysctlIn } from "./kernel-helpers.ts";

describeKernel("sandbox configuration (kernel)", () => {
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const base = `/run/bnltest-sandbox-${tag}`;
  let root0: unknown;
  let host: TempNetns;
  let mgr: SandboxManager;
  let sb: Sandbox;
  const log = new MemoryLogger();
  const hostIp = (...args: string[]): string => inNs(host.path, "ip", ...args);
  const hostHas = (name: string): boolean => Bun.spawnSync(["nsenter", `--net=${host.path}`, "ip", "link", "show", name]).exitCode === 0;
  const veth = (h: string, c: string): void => {
    hostIp("link", "add", h, "type", "veth", "peer", "name", c);
    hostIp("link", "set", h, "up");
  };
  const link = (name: string): any => ipj(sb.key, "-d", "link", "show", name)[0];
  const addrs = (name: string): string[] => ipj(sb.key, "addr", "show", "dev", name)[0].addr_info.map((a: any) => `${a.local}/${a.prefixlen}`);

  beforeAll(() => {
    root0 = rootSnapshot();
    host = tempNetns();
    mgr = new SandboxManager({ basePath: base, hostNetns: host.path, logger: log });
    sb = mgr.create("cfg");
  });

  afterAll(() => {
    if (sb && !sb.destroyed) sb.destroy();
    mgr?.close();
    removeBase(base);
    host?.remove();
  });

  it("addInterface moves the host link in and applies every option", () => {
    veth("h0", "c0");
    const rec = sb.addInterface("c0", "eth", {
      mac: "02:42:c0:00:02:0a",
      address: "192.0.2.10/24",
      addressIPv6: "2001:db8::10/64",
      linkLocalAddresses: ["fe80::10/64", "169.254.10.10/16"],
      routes: ["198.51.100.0/25", "0.0.0.0/0"],
      sysctls: ["net.ipv4.conf.IFNAME.forwarding=1", "net.ipv4.conf.IFNAME.rp_filter=2"],
    });
    expect(rec.dstName).toBe("eth0");
    expect(hostHas("c0")).toBe(false);
    const l = link("eth0");
    expect(l.address).toBe("02:42:c0:00:02:0a");
    expect(l.flags).toContain("UP");
    expect(l.linkinfo.info_kind).toBe("veth");
    expect(addrs("eth0")).toEqual(expect.arrayContaining(["192.0.2.10/24", "2001:db8::10/64", "fe80::10/64", "169.254.10.10/16"]));
    const v6 = ipj(sb.key, "-6", "addr", "show", "dev", "eth0")[0].addr_info.find((a: any) => a.local === "2001:db8::10");
    expect(v6.nodad).toBe(true);
    const routes = ipj(sb.key, "route", "show");
    expect(routes).toContainEqual(expect.objectContaining({ dst: "198.51.100.0/25", dev: "eth0", scope: "link" }));
    expect(routes.some((r: any) => r.dst === "default")).toBe(false);
    expect(sysctlIn(sb.key, "net/ipv4/conf/eth0/forwarding")).toBe("1");
    expect(sysctlIn(sb.key, "net/ipv4/conf/eth0/rp_filter")).toBe("2");
    expect(sysctlIn(sb.key, "net/ipv6/conf/eth0/disable_ipv6")).toBe("0");
    expect(sysctlIn(sb.key, "net/ipv6/conf/lo/disable_ipv6")).toBe("0"); // checkLoV6: an interface has IPv6
    expect(sb.loopbackIPv6).toBe(true);
    expect(sb.interfaceBySrcName("c0")).toEqual(rec);
  });

  it("an interface without IPv6 gets IPv6 disabled; names keep counting per prefix", () => {
    veth("h1", "c1");
    expect(sb.addInterface("c1", "eth", { address: "203.0.113.10/24" }).dstName).toBe("eth1");
    expect(sysctlIn(sb.key, "net/ipv6/conf/eth1/disable_ipv6")).toBe("1");
    expect(sb.nextIndex("eth")).toBe(2);
  });

  it("statistics are the link's counters", () => {
    hostIp("addr", "add", "192.0.2.1/24", "dev", "h0");
    // Some traffic into eth0: a UDP datagram (and its ARP) sent from the host side.
    inNs(host.path, process.execPath, "-e", `const s=require("dgram").createSocket("udp4");s.send("x",9,"192.0.2.10",()=>s.close())`);
    const ours = sb.statistics("c0");
    const theirs = ipj(sb.key, "-s", "link", "show", "eth0")[0].stats64;
    expect(ours.rxPackets).toBeGreaterThanOrEqual(1n);
    expect(ours.rxPackets).toBeLessThanOrEqual(BigInt(theirs.rx.packets));
    expect(ours.rxBytes).toBeLessThanOrEqual(BigInt(theirs.rx.bytes));
    expect(ours.txErrors).toBe(BigInt(theirs.tx.errors));
    expect(() => sb.statistics("nope")).toThrow(/failed to find interface nope/);
  });

  it("a bridge is created inside and renamed; a port is enslaved by the bridge's srcName", () => {
    const br = sb.addInterface("brk", "br", { bridge: true });
    expect(br.dstName).toBe("br0");
    expect(link("br0").linkinfo.info_kind).toBe("bridge");
    expect(hostHas("brk")).toBe(false);
    veth("h2", "c2");
    expect(sb.addInterface("c2", "veth", { master: "brk" })).toMatchObject({ dstName: "veth0", dstMaster: "br0" });
    expect(link("veth0").master).toBe("br0");
    expect(() => sb.addInterface("c2", "veth", { master: "c1" })).toThrow(/could not find an appropriate master/);
  });

  it("a failed configuration returns the link to the host under its own name", () => {
    veth("h3", "c3");
    expect(() => sb.addInterface("c3", "eth", { address: "192.0.2.20/24" })).toThrow(/conflicts with existing route \{Ifindex: \d+ Dst: 192\.0\.2\.0\/24 /);
    expect(hostHas("c3")).toBe(true);
    expect(ipj(sb.key, "link", "show").map((l: any) => l.ifname)).not.toContain("eth2");
    expect(() => sb.addInterface("brz", "br", { bridge: true, address: "203.0.113.20/24" })).toThrow(/conflicts/);
    expect(ipj(sb.key, "link", "show").map((l: any) => l.ifname)).not.toContain("br1");
    expect(hostHas("brz")).toBe(false);
    expect(log.messages("error")).toEqual([]);
  });

  it("alias IPs are added and removed", () => {
    sb.addAliasIP("eth1", "203.0.113.99/32");
    expect(addrs("eth1")).toContain("203.0.113.99/32");
    sb.removeAliasIP("eth1", "203.0.113.99/32");
    expect(addrs("eth1")).not.toContain("203.0.113.99/32");
  });

  it("gateways: default routes via the gateway's link, removed again; the RTM_GETROUTE lookup agrees with ip route get", () => {
    sb.setGateway("192.0.2.1");
    sb.setGatewayIPv6("2001:db8::1");
    expect(ipj(sb.key, "route", "show", "default")).toEqual([expect.objectContaining({ gateway: "192.0.2.1", dev: "eth0" })]);
    expect(ipj(sb.key, "-6", "route", "show", "default")).toEqual([expect.objectContaining({ gateway: "2001:db8::1", dev: "eth0" })]);
    expect([sb.gateway(), sb.gatewayIPv6()]).toEqual(["192.0.2.1", "2001:db8::1"]);
    const ours = sb.netlink.routeGet("198.51.100.200")[0]!;
    const theirs = ipj(sb.key, "route", "get", "198.51.100.200")[0];
    expect(ours.oif).toBe(link(theirs.dev).ifindex);
    expect(() => sb.setGateway("198.51.100.200")).toThrow(/gateway 198\.51\.100\.200/);
    sb.unsetGateway();
    sb.unsetGatewayIPv6();
    expect(ipj(sb.key, "route", "show", "default")).toEqual([]);
    expect(ipj(sb.key, "-6", "route", "show", "default")).toEqual([]);
  });

  it("a default device route goes through the interface that carries a default destination", () => {
    sb.setDefaultRouteIPv4("c0");
    expect(ipj(sb.key, "route", "show", "default")).toEqual([expect.objectContaining({ dev: "eth0", scope: "link" })]);
    expect(() => sb.setDefaultRouteIPv4("c1")).toThrow(/no default route/);
    sb.unsetDefaultRouteIPv4();
    expect(ipj(sb.key, "route", "show", "default")).toEqual([]);
  });

  it("static routes are added via the next hop, conflicts refused, and removed", () => {
    sb.addStaticRoute({ destination: "198.51.100.128/25", nextHop: "192.0.2.1" });
    expect(ipj(sb.key, "route", "show", "198.51.100.128/25")).toEqual([expect.objectContaining({ gateway: "192.0.2.1", dev: "eth0" })]);
    expect(() => sb.addStaticRoute({ destination: "198.51.100.128/25", nextHop: "203.0.113.1" })).toThrow(/conflicts with existing static route/);
    expect(sb.staticRoutes()).toEqual([{ destination: "198.51.100.128/25", nextHop: "192.0.2.1" }]);
    sb.removeStaticRoute({ destination: "198.51.100.128/25", nextHop: "192.0.2.1" });
    expect(ipj(sb.key, "route", "show", "198.51.100.128/25")).toEqual([]);
    expect(sb.staticRoutes()).toEqual([]);
  });

  it("neighbours: permanent ARP entries and vxlan FDB entries, with typed errors", () => {
    sb.addNeighbour("192.0.2.50", "02:00:00:00:00:50", { linkName: "c0" });
    expect(ipj(sb.key, "neigh", "show", "dev", "eth0")).toContainEqual(expect.objectContaining({ dst: "192.0.2.50", lladdr: "02:00:00:00:00:50", state: ["PERMANENT"] }));
    expect(() => sb.addNeighbour("192.0.2.50", "02:00:00:00:00:50", { linkName: "c0" })).toThrow(NeighbourExistsError);
    sb.addNeighbour("192.0.2.50", "02:00:00:00:00:50", { linkName: "c0", force: true });

    hostIp("link", "add", "vxk", "type", "vxlan", "id", "42", "dstport", "4789");
    expect(sb.addInterface("vxk", "vxlan").dstName).toBe("vxlan0");
    sb.addNeighbour("198.51.100.7", "02:00:00:00:00:07", { linkName: "vxk", family: "bridge" });
    const fdb = JSON.parse(inNs(sb.key, "bridge", "-j", "fdb", "show", "dev", "vxlan0"));
    expect(fdb).toContainEqual(expect.objectContaining({ mac: "02:00:00:00:00:07", dst: "198.51.100.7" }));

    sb.deleteNeighbour("192.0.2.50", "02:00:00:00:00:50");
    sb.deleteNeighbour("198.51.100.7", "02:00:00:00:00:07");
    expect(ipj(sb.key, "neigh", "show", "dev", "eth0").filter((n: any) => n.dst === "192.0.2.50")).toEqual([]);
    const fdb2 = JSON.parse(inNs(sb.key, "bridge", "-j", "fdb", "show", "dev", "vxlan0"));
    expect(fdb2.filter((e: any) => e.mac === "02:00:00:00:00:07")).toEqual([]);
    expect(() => sb.deleteNeighbour("192.0.2.50", "02:00:00:00:00:50")).toThrow(NeighbourNotFoundError);
  });

  it("sysctls are written inside the sandbox: ARP for VIPs, per-interface IPv6, OS tweaks", () => {
    sb.disableArpForVip("c1");
    expect(sysctlIn(sb.key, "net/ipv4/conf/eth1/arp_ignore")).toBe("1");
    expect(sysctlIn(sb.key, "net/ipv4/conf/eth1/arp_announce")).toBe("2");
    sb.setInterfaceIPv6("eth1", true);
    expect(sysctlIn(sb.key, "net/ipv6/conf/eth1/disable_ipv6")).toBe("0");
    sb.setInterfaceIPv6("eth1", false);
    expect(sysctlIn(sb.key, "net/ipv6/conf/eth1/disable_ipv6")).toBe("1");
    const ipvs = Bun.spawnSync(["nsenter", `--net=${sb.key}`, "test", "-e", "/proc/sys/net/ipv4/vs/conn_reuse_mode"]).exitCode === 0;
    const written = sb.applyOsTweaks(["ingress"]);
    if (ipvs) {
      expect(sysctlIn(sb.key, "net/ipv4/vs/conn_reuse_mode")).toBe("0");
      expect(sysctlIn(sb.key, "net/ipv4/vs/expire_nodest_conn")).toBe("1");
      expect(sysctlIn(sb.key, "net/ipv4/vs/expire_quiescent_template")).toBe("1");
    } else {
      expect(written).toEqual([]);
      expect(log.messages("warn").filter((m) => m.includes("net.ipv4.vs."))).toHaveLength(3);
    }
  });

  it("removeInterface returns links to the host under their names and deletes bridges; lo IPv6 follows", () => {
    sb.removeInterface("c2");
    expect(hostHas("c2")).toBe(true);
    sb.removeInterface("brk");
    expect(ipj(sb.key, "link", "show").map((l: any) => l.ifname)).not.toContain("br0");
    expect(hostHas("brk")).toBe(false);
    sb.removeInterface("c0");
    expect(hostHas("c0")).toBe(true);
    expect(ipj(host.path, "link", "show", "c0")[0].address).toBe("02:42:c0:00:02:0a");
    expect(sysctlIn(sb.key, "net/ipv6/conf/lo/disable_ipv6")).toBe("1"); // no IPv6 interface left
    expect(sb.interfaces().map((i) => i.dstName)).toEqual(["eth1", "vxlan0"]);
  });

  it("a new manager restores the record of the live sandbox and numbers after it (lowest free index)", () => {
    const second = new SandboxManager({ basePath: base, hostNetns: host.path });
    try {
      const again = second.create("cfg", { restore: true });
      again.restore(
        [
          { srcName: "c1", dstPrefix: "eth", options: { address: "203.0.113.10/24" } },
          { srcName: "vxk", dstPrefix: "vxlan" },
        ],
        [],
        "192.0.2.1",
      );
      expect(again.interfaces().map((i) => [i.srcName, i.dstName])).toEqual([["c1", "eth1"], ["vxk", "vxlan0"]]);
      expect(again.nextIndex("eth")).toBe(0); // eth0 (c0) was removed earlier: the lowest free index
      expect(again.gateway()).toBe("192.0.2.1");
      veth("h4", "c4");
      expect(again.addInterface("c4", "eth", {}).dstName).toBe("eth0");
      again.removeInterface("c4");
      expect(hostHas("c4")).toBe(true);
      again.destroy(); // detaches the key: the first handle's sandbox goes with it
    } finally {
      second.close();
    }
    expect(existsSync(`${base}/cfg`)).toBe(true);
  });

  it("the root namespace's links, addresses, routes and sysctls are unchanged", () => {
    expect(rootSnapshot()).toEqual(root0);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });
});
