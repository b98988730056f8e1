/**
 * The link API against the real kernel, each test in its own throwaway
 * namespace: create, read back, list, change and delete every kind this
 * kernel supports (veth, bridge, bridge port, macvlan, macvtap, vxlan,
 * ifb); a veth whose peer is created in another namespace; links moved
 * between namespaces by fd, by pid and by name. What we read back must
 * equal what `ip -j -d -n NS link show` reports for the same links. Links
 * brought up keep their peer down, so carrier flags cannot change between
 * our read and ip's.
 */
import { expect, it } from "vitest";
import { NetnsHandle } from "../../lib/netns/handle.ts";
import { LinkApi, type Link } from "../../lib/rtnl/link/api.ts";
import { processIn, refusal, runIn, withConnection } from "../helpers/kernel-env.ts";
import { describeKernel, tempNetns, withTempNetns, type TempNetns } from "../helpers/netns.ts";
import { expectSameAsIp, type IpLink } from "./ip-json.ts";

const ipLinks = (ns: string): IpLink[] => JSON.parse(runIn("ip", ns, ["-j", "-d", "link", "show"]) || "[]");

/** A LinkApi on a socket living in `ns`; closed when `fn` returns. */
function withApi<T>(ns: TempNetns, fn: (api: LinkApi) => T): T {
  return withConnection(ns, (conn) => fn(new LinkApi(conn)));
}

/** Our full list, compared with ip's view taken right after. */
function expectAgreesWithIp(ns: TempNetns, api: LinkApi): Link[] {
  const ours = api.list();
  expectSameAsIp(ours, ipLinks(ns.name));
  return ours;
}

const names = (ls: Link[]): string[] => ls.map((l) => l.attrs.ifname!).sort();

describeKernel("links against the kernel", () => {
  it("veth: create, get, list, set, rename, delete", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", mtu: 1400, txqlen: 700, address: "02:00:00:00:00:10", peer: { name: "v1", address: "02:00:00:00:00:11" } });
    const v0 = api.get("v0");
    const v1 = api.get("v1");
    expect(v0.attrs).toMatchObject({ ifname: "v0", mtu: 1400, txqlen: 700, address: "02:00:00:00:00:10", link: v1.ifindex, linkinfo: { kind: "veth" } });
    expect(v1.attrs).toMatchObject({ address: "02:00:00:00:00:11", link: v0.ifindex });
    expect(api.get(v0.ifindex).attrs.ifname).toBe("v0");
    expect(api.index("v1")).toBe(v1.ifindex);
    expect(names(api.list({ kind: "veth" }))).toEqual(["v0", "v1"]);
    expectAgreesWithIp(ns, api);
    api.set("v0", { up: true, mtu: 1280, txqlen: 100, alias: "uplink", group: 3, address: "02:00:00:00:00:12" });
    api.set(v1.ifindex, { name: "peer1" });
    const after = expectAgreesWithIp(ns, api);
    const v0b = after.find((l) => l.ifindex === v0.ifindex)!;
    expect(v0b.flags).toContain("UP");
    expect(v0b.attrs).toMatchObject({ mtu: 1280, txqlen: 100, ifalias: "uplink", group: 3, address: "02:00:00:00:00:12" });
    expect(after.find((l) => l.ifindex === v1.ifindex)!.attrs.ifname).toBe("peer1");
    api.set("v0", { up: false });
    expect(api.get("v0").flags).not.toContain("UP");
    api.delete("v0");
    expect(api.find("v0")).toBeUndefined();
    expect(api.find("peer1")).toBeUndefined();
    expect(names(api.list())).toEqual(["lo"]);
  })));

  it("device settings: flags, broadcast, GSO/GRO limits, addrgenmode, link mode, operstate, xdp detach, as ip -d -j reads them", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" }, promisc: true, arp: false, gsoMaxSize: 32000, gsoMaxSegs: 100 });
    api.set("v0", { addrGenMode: "none", allmulticast: true, multicast: false, dynamic: true, trailers: false, groMaxSize: 2000 });
    api.set("v1", { linkMode: "dormant", operState: "DORMANT", broadcast: "02:00:00:00:00:ff", xdp: null });
    api.set("v1", { xdp: { fd: -1, mode: "generic", ifNotExists: true } });
    const j = (name: string) => ipLinks(ns.name).find((l) => l.ifname === name) as unknown as Record<string, unknown>;
    const v0 = j("v0"), v1 = j("v1");
    expect(v0.flags).toEqual(["BROADCAST", "NOARP", "ALLMULTI", "PROMISC", "DYNAMIC", "NOTRAILERS", "M-DOWN"]);
    expect(v0).toMatchObject({ promiscuity: 1, allmulti: 1, gso_max_size: 32000, gso_max_segs: 100, gro_max_size: 2000, inet6_addr_gen_mode: "none" });
    expect(v1).toMatchObject({ linkmode: "DORMANT", broadcast: "02:00:00:00:00:ff" });
    // a listed link given back with a setting: change() sends it, and nothing else
    api.change({ ...api.get("v1"), promisc: true });
    expect(j("v1").flags).toContain("PROMISC");
    expectAgreesWithIp(ns, api);
    // protodown: only some devices support it; a veth refuses it with the kernel's message
    expect(refusal(() => api.set("v0", { protoDown: true })).extack.msg).toBe("Protodown not supported by device");
    // addrgenmode at creation: the kernel answers EAFNOSUPPORT (the link has no IPv6 state yet), as for ip
    expect(refusal(() => api.add({ name: "v2", kind: "veth", addrGenMode: "none" })).code).toBe("EAFNOSUPPORT");
  })));

  it("bridge port options (set port): what ip -d -j shows as info_slave_data; a link that is no port is refused", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "br0", kind: "bridge" });
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" }, master: "br0" });
    api.add({ name: "v2", kind: "veth", peer: { name: "v3" }, master: "br0" });
    api.set("v0", { port: { cost: 5, priority: 7, learning: false, hairpin: true, isolated: true, neighSuppress: true, groupFwdMask: 0x4000, backupPort: "v2", fdbFlush: true } });
    // a port's STP state changes only while the port is up with a carrier: ENETDOWN here, as for ip
    expect(refusal(() => api.set("v0", { port: { state: "listening" } })).code).toBe("ENETDOWN");
    const slave = (name: string) => (ipLinks(ns.name).find((l) => l.ifname === name) as unknown as { linkinfo: { info_slave_data: Record<string, unknown> } }).linkinfo.info_slave_data;
    expect(slave("v0")).toMatchObject({ cost: 5, priority: 7, learning: false, hairpin: true, isolated: true, neigh_suppress: true, group_fwd_mask: "0x4000", backup_port: "v2" });
    api.set("v0", { port: { backupPort: null, learning: true } });
    expect(slave("v0").backup_port).toBeUndefined();
    expect(slave("v0").learning).toBe(true);
    expect(refusal(() => api.set("v1", { port: { cost: 1 } })).code).toBe("EOPNOTSUPP");
    expectAgreesWithIp(ns, api);
  })));

  it("alternative names: added, found by name, listed as ip lists them, removed; a name in use is EEXIST", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
    const long = "an-alternative-name-longer-than-ifnamsiz";
    api.addAltNames("v0", ["uplink", long]);
    expect(api.get(long).attrs.ifname).toBe("v0");
    expect(api.index("uplink")).toBe(api.index("v0"));
    expect(ipLinks(ns.name).find((l) => l.ifname === "v0")).toMatchObject({ altnames: ["uplink", long] });
    expect(refusal(() => api.addAltNames("v1", ["uplink"])).code).toBe("EEXIST");
    api.deleteAltNames(api.get("v0"), ["uplink"]);
    expect(ipLinks(ns.name).find((l) => l.ifname === "v0")).toMatchObject({ altnames: [long] });
    expectAgreesWithIp(ns, api);
  })));

  it("bridge and bridge port: options, enslave, list by master, nomaster, enslave on creation", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "br0", kind: "bridge", up: true, data: { forwardDelay: 500, helloTime: 300, maxAge: 2400, ageingTime: 12000, stpState: 0, priority: 8192, mcastSnooping: false, groupFwdMask: 8 } });
    const br = api.get("br0");
    expect(br.attrs.linkinfo?.data).toMatchObject({ forwardDelay: 500, helloTime: 300, maxAge: 2400, ageingTime: 12000, stpState: 0, priority: 8192, mcastSnooping: 0, groupFwdMask: 8 });
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
    api.set("v0", { master: "br0", up: true });
    const port = api.get("v0");
    expect(port.attrs.master).toBe(br.ifindex);
    expect(port.attrs.linkinfo).toMatchObject({ kind: "veth", slaveKind: "bridge", slaveData: { priority: 32, learning: 1 } });
    expect(names(api.list({ master: "br0" }))).toEqual(["v0"]);
    expect(names(api.list({ master: br.ifindex, kind: "veth" }))).toEqual(["v0"]);
    expect(names(api.list({ kind: "bridge" }))).toEqual(["br0"]);
    expectAgreesWithIp(ns, api);
    api.set("v0", { master: null });
    expect(api.get("v0").attrs.master).toBeUndefined();
    expect(api.list({ master: "br0" })).toEqual([]);
    api.add({ name: "v2", kind: "veth", master: "br0", peer: { name: "v3" } });
    expect(names(api.list({ master: "br0" }))).toEqual(["v2"]);
    expectAgreesWithIp(ns, api);
    api.delete("br0");
    expect(api.get("v2").attrs.master).toBeUndefined();
    api.delete("v0");
    api.delete("v2");
    expect(names(api.list())).toEqual(["lo"]);
  })));

  it("macvlan and macvtap on a veth parent: modes, flags, set, delete", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
    api.add({ name: "mv0", kind: "macvlan", link: "v0", data: { mode: "private" } });
    api.add({ name: "mv1", kind: "macvlan", link: "v0", data: { mode: "source" } });
    api.add({ name: "mvt0", kind: "macvtap", link: "v0", address: "02:00:00:00:00:20", data: { mode: "bridge", flags: ["nopromisc"] } });
    const v0 = api.get("v0");
    expect(api.get("mv0").attrs).toMatchObject({ link: v0.ifindex, linkinfo: { kind: "macvlan", data: { mode: "private" } } });
    expect(api.get("mv1").attrs.linkinfo?.data).toMatchObject({ mode: "source", macaddrCount: 0 });
    expect(api.get("mvt0").attrs).toMatchObject({ address: "02:00:00:00:00:20", linkinfo: { kind: "macvtap", data: { mode: "bridge", flags: ["nopromisc"] } } });
    expect(names(api.list({ kind: "macvlan" }))).toEqual(["mv0", "mv1"]);
    api.set("mv0", { mtu: 1400, up: true });
    expectAgreesWithIp(ns, api);
    api.delete("mv0");
    api.delete("mv1");
    api.delete("mvt0");
    expect(names(api.list())).toEqual(["lo", "v0", "v1"]);
  })));

  it("vxlan: IPv4 multicast on a device, IPv6 unicast with port range; set; delete", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
    api.add({ name: "vx0", kind: "vxlan", data: { id: 42, link: "v0", ttl: 5, tos: 0x10, local: "192.0.2.1", group: "239.1.1.1", dstPort: 4789, ageing: 120 } });
    api.add({ name: "vx6", kind: "vxlan", mtu: 1400, data: { id: 43, local: "2001:db8::1", remote: "2001:db8::2", srcPortRange: { low: 1000, high: 2000 }, learning: false, dstPort: 4790, udpCsum: false } });
    api.add({ name: "vxe", kind: "vxlan", data: { external: true, dstPort: 4791 } });
    const v0 = api.get("v0");
    expect(api.get("vx0").attrs.linkinfo?.data).toMatchObject({ id: 42, link: v0.ifindex, ttl: 5, tos: 0x10, local: "192.0.2.1", group: "239.1.1.1", port: 4789, ageing: 120, learning: 1 });
    expect(api.get("vx6").attrs.linkinfo?.data).toMatchObject({ id: 43, local6: "2001:db8::1", group6: "2001:db8::2", portRange: { low: 1000, high: 2000 }, learning: 0, port: 4790, udpCsum: 0 });
    expect(api.get("vxe").attrs.linkinfo?.data).toMatchObject({ collectMetadata: 1, learning: 0, port: 4791 });
    api.set("vx0", { mtu: 1300 });
    expectAgreesWithIp(ns, api);
    for (const n of ["vx0", "vx6", "vxe"]) api.delete(n);
    expect(api.list({ kind: "vxlan" })).toEqual([]);
  })));

  it("ifb: create with address and txqlen, set up, rename, delete", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "ifb0", kind: "ifb", address: "02:00:00:00:00:30", txqlen: 64, alias: "mirror" });
    expect(api.get("ifb0").attrs).toMatchObject({ address: "02:00:00:00:00:30", txqlen: 64, ifalias: "mirror", linkinfo: { kind: "ifb" } });
    api.set("ifb0", { up: true, name: "ifb9" });
    expectAgreesWithIp(ns, api);
    api.delete("ifb9");
    expect(api.find("ifb9")).toBeUndefined();
  })));

  it("kernel refusals surface as NetlinkError with errno and extended ACK", () => withTempNetns((ns) => withApi(ns, (api) => {
    api.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
    expect(refusal(() => api.add({ name: "v0", kind: "veth", peer: { name: "v2" } })).code).toBe("EEXIST");
    expect(refusal(() => api.get("nosuch")).code).toBe("ENODEV");
    expect(refusal(() => api.set("v0", { master: "v1" })).code).toMatch(/^(EOPNOTSUPP|EINVAL)$/);
    // a kind no kernel has (dummy, used here before, exists on most kernels: the add succeeded there)
    const unknown = refusal(() => api.add({ name: "d0", kind: "bnlnosuchkind" }));
    expect(unknown.code).toBe("EOPNOTSUPP");
    expect(unknown.extack.msg).toBe("Unknown device type");
    expect(unknown.message).toContain("Unknown device type");
    expect(api.find("d0")).toBeUndefined();
  })));

  it("streams many links with iterate", () => withTempNetns((ns) => withApi(ns, (api) => {
    for (let i = 0; i < 60; i++) api.add({ name: `s${i}`, kind: "veth", peer: { name: `t${i}` } });
    let n = 0;
    for (const l of api.iterate({ kind: "veth" })) {
      expect(l.attrs.linkinfo?.kind).toBe("veth");
      n++;
    }
    expect(n).toBe(120);
    expect(api.list().length).toBe(121);
  })));
});

describeKernel("links across namespaces", () => {
  it("veth with the peer created in another namespace (by name, fd and pid)", async () => {
    await withTempNetns(async (a) => {
      await withTempNetns(async (b) => {
        withApi(a, (api) => {
          api.add({ name: "va0", kind: "veth", peer: { name: "vb0", netns: { name: b.name } } });
          using h = NetnsHandle.fromName(b.name);
          api.add({ name: "va1", kind: "veth", peer: { name: "vb1", netns: { fd: h.fd } } });
        });
        const sleeper = await processIn(b);
        try {
          withApi(a, (api) => api.add({ name: "va2", kind: "veth", peer: { name: "vb2", netns: { pid: sleeper.pid } } }));
        } finally {
          sleeper.kill();
        }
        withApi(a, (api) => {
          expect(names(api.list({ kind: "veth" }))).toEqual(["va0", "va1", "va2"]);
          const va0 = api.get("va0");
          expect(va0.attrs.linkNetnsid).toEqual(expect.any(Number));
          expectAgreesWithIp(a, api);
        });
        withApi(b, (api) => {
          expect(names(api.list({ kind: "veth" }))).toEqual(["vb0", "vb1", "vb2"]);
          expectAgreesWithIp(b, api);
        });
      });
    });
  });

  it("moves a link between namespaces by fd, pid and name", async () => {
    await withTempNetns(async (a) => {
      await withTempNetns(async (b) => {
        withApi(a, (api) => {
          api.add({ name: "m0", kind: "veth", peer: { name: "m1" } });
          api.add({ name: "ifb0", kind: "ifb" });
          api.add({ name: "n0", kind: "veth", peer: { name: "n1" } });
          api.add({ name: "br0", kind: "bridge" });
          using h = NetnsHandle.fromName(b.name);
          api.set("m1", { netns: { fd: h.fd } });
          api.set("ifb0", { netns: { name: b.name }, name: "ifbmoved" });
        });
        const sleeper = await processIn(b);
        try {
          withApi(a, (api) => {
            api.set("n1", { netns: { pid: sleeper.pid } });
            // a bridge is netns-local: the kernel refuses to move it
            const e = refusal(() => api.set("br0", { netns: { pid: sleeper.pid } }));
            expect(e.code).toBe("EINVAL");
            expect(e.extack.msg).toBe("The interface netns is immutable");
            expect(api.get("br0").attrs.netnsImmutable).toBe(1);
          });
        } finally {
          sleeper.kill();
        }
        withApi(a, (api) => {
          expect(names(api.list())).toEqual(["br0", "lo", "m0", "n0"]);
          expect(api.get("m0").attrs.linkNetnsid).toEqual(expect.any(Number));
          expectAgreesWithIp(a, api);
        });
        withApi(b, (api) => {
          expect(names(api.list())).toEqual(["ifbmoved", "lo", "m1", "n1"]);
          expectAgreesWithIp(b, api);
          // and back again, by name
          api.set("m1", { netns: { name: a.name } });
        });
        withApi(a, (api) => expect(names(api.list({ kind: "veth" }))).toEqual(["m0", "m1", "n0"]));
      });
    });
  });

  it("creates a link directly in another namespace", () => {
    const a = tempNetns();
    const b = tempNetns();
    try {
      withApi(a, (api) => api.add({ name: "far0", kind: "bridge", netns: { name: b.name } }));
      withApi(a, (api) => expect(api.find("far0")).toBeUndefined());
      withApi(b, (api) => expect(api.get("far0").attrs.linkinfo?.kind).toBe("bridge"));
    } finally {
      a.remove();
      b.remove();
    }
  });
});
