/**
 * Bad input to every lib/rtnl entry point: each method of LinkApi,
 * AddressApi, RouteApi, NeighbourApi, RuleApi, NsidApi and NexthopApi,
 * openRtnl/NetlinkConnection options and the ifindex helpers, with wrong
 * types, out-of-range numbers, malformed addresses and prefixes, over-long
 * or path-like names and unknown enum names. Each must throw a
 * TypeError/RangeError naming the field, with no system call and nothing
 * sent (see harness.ts). No root needed.
 */
import { describe } from "vitest";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { AddressApi } from "../../lib/rtnl/address/api.ts";
import { checkIfIndex, checkIfName, resolveIndex } from "../../lib/rtnl/shared/ifindex.ts";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { NeighbourApi } from "../../lib/rtnl/neighbour/api.ts";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { NsidApi } from "../../lib/rtnl/nsid/api.ts";
import { RouteApi } from "../../lib/rtnl/route/api.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { RuleApi } from "../../lib/rtnl/rule/api.ts";
import { cases, ThrowingTransport, throwingConnection } from "./harness.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
const conn = throwingConnection();
const links = new LinkApi(conn);
const addrs = new AddressApi(conn);
const routes = new RouteApi(conn);
const neigh = new NeighbourApi(conn);
const rules = new RuleApi(conn);
const nsid = new NsidApi(conn);
const nh = new NexthopApi(conn);
const bad = (v: unknown) => v as any;
const LONG = "x".repeat(16); // IFNAMSIZ is 16 with the NUL: 15 characters at most
/** A link reference may be an alternative name (up to 127 bytes): 128 is too long even for one. */
const LONG_REF = "x".repeat(128);
const V0 = { name: "v0", kind: "veth" };

describe("bad input: LinkApi", () => {
  cases([
    ["list: filter not an object", () => links.list(bad("veth")), "filter"],
    ["list: kind not a string", () => links.list({ kind: bad(42) }), "kind"],
    ["list: master path-like", () => links.list({ master: "a/b" }), "master"],
    ["list: unknown filter key", () => links.list(bad({ colour: "red" })), "colour"],
    ["iterate: master fractional", () => links.iterate({ master: 1.5 }), "master"],
    ["get: empty name", () => links.get(""), "link"],
    ["get: path-like name", () => links.get("a/b"), "link"],
    ["get: over-long name", () => links.get(LONG_REF), "link"],
    ["get: name with a space", () => links.get("a b"), "link"],
    ["get: '..'", () => links.get(".."), "link"],
    ["get: negative index", () => links.get(-1), "link"],
    ["get: fractional index", () => links.get(1.5), "link"],
    ["get: null", () => links.get(bad(null)), "link"],
    ["find: path-like name", () => links.find("a/b"), "link"],
    ["index: path-like name", () => links.index("a/b"), "name"],
    ["add: no spec", () => links.add(bad(undefined)), "spec"],
    ["add: name not a string (absent is allowed: the kernel names it)", () => links.add(bad({ name: 5, kind: "veth" })), "name"],
    ["add: missing kind", () => links.add(bad({ name: "v0" })), "kind"],
    ["add: path-like name", () => links.add({ name: "a/b", kind: "veth" }), "name"],
    ["add: over-long name", () => links.add({ name: LONG, kind: "veth" }), "name"],
    ["add: kind path-like", () => links.add({ name: "v0", kind: "../x" }), "kind"],
    ["add: mtu negative", () => links.add({ ...V0, mtu: -1 }), "mtu"],
    ["add: mtu a string", () => links.add({ ...V0, mtu: bad("1500") }), "mtu"],
    ["add: mtu above u32", () => links.add({ ...V0, mtu: 2 ** 32 }), "mtu"],
    ["add: address malformed", () => links.add({ ...V0, address: "zz:zz:zz:zz:zz:zz" }), "address"],
    ["add: address multicast for an ethernet kind", () => links.add({ ...V0, address: "01:00:5e:00:00:01" }), "address"],
    ["add: txqlen above u32", () => links.add({ ...V0, txqlen: 2 ** 32 }), "txqlen"],
    ["add: up not a boolean", () => links.add({ ...V0, up: bad("yes") }), "up"],
    ["add: group negative", () => links.add({ ...V0, group: -1 }), "group"],
    ["add: alias over 255 bytes", () => links.add({ ...V0, alias: "a".repeat(300) }), "alias"],
    ["add: numTxQueues fractional", () => links.add({ ...V0, numTxQueues: 1.5 }), "numTxQueues"],
    ["add: netns name path-like", () => links.add({ ...V0, netns: { name: "a/b" } }), "netns"],
    ["add: netns pid negative", () => links.add({ ...V0, netns: { pid: -1 } }), "netns"],
    ["add: netns not an object", () => links.add({ ...V0, netns: bad(7) }), "netns"],
    ["add: master path-like", () => links.add({ ...V0, master: "a/b" }), "master"],
    ["add: peer name path-like", () => links.add({ ...V0, peer: { name: "p/q" } }), "peer.name"],
    ["add: peer mtu negative", () => links.add({ ...V0, peer: { name: "v1", mtu: -5 } }), "peer.mtu"],
    ["add: parent link over-long", () => links.add({ name: "m0", kind: "macvlan", link: LONG_REF }), "link"],
    ["add: vlan without its data", () => links.add({ name: "vl", kind: "vlan", link: "v0" }), "data"],
    ["add: vlan id above 4095", () => links.add({ name: "vl", kind: "vlan", link: "v0", data: bad({ id: 4096 }) }), "id"],
    ["add: macvlan unknown mode", () => links.add({ name: "m0", kind: "macvlan", link: "v0", data: bad({ mode: "sideways" }) }), "mode"],
    ["add: bridge unknown option", () => links.add({ name: "br0", kind: "bridge", data: bad({ colour: 1 }) }), "colour"],
    ["add: vxlan vni above 24 bits", () => links.add({ name: "vx", kind: "vxlan", data: bad({ id: 2 ** 24 }) }), "id"],
    ["add: unknown option", () => links.add(bad({ ...V0, colour: "red" })), "colour"],
    ["delete: empty name", () => links.delete(""), "link"],
    ["delete: index 0", () => links.delete(0), "link"],
    ["set: path-like link", () => links.set("a/b", { up: true }), "link"],
    ["set: changes not an object", () => links.set("lo", bad(null)), "changes"],
    ["set: mtu fractional", () => links.set("lo", { mtu: 1500.5 }), "mtu"],
    ["set: rename path-like", () => links.set("lo", { name: "a/b" }), "name"],
    ["set: up not a boolean", () => links.set("lo", { up: bad(1) }), "up"],
    ["set: master fractional", () => links.set("lo", { master: 3.3 }), "master"],
    ["set: address malformed", () => links.set("lo", { address: "not-a-mac" }), "address"],
    ["set: unknown option", () => links.set("lo", bad({ colour: 1 })), "colour"],
  ]);
});

describe("bad input: AddressApi", () => {
  cases([
    ["list: link path-like", () => addrs.list({ link: "a/b" }), "link"],
    ["list: family unknown", () => addrs.list({ family: bad(5) }), "family"],
    ["list: scope unknown name", () => addrs.list({ scope: "galaxy" }), "scope"],
    ["list: label not a string", () => addrs.list({ label: bad(5) }), "label"],
    ["list: unknown filter key", () => addrs.list(bad({ colour: 1 })), "colour"],
    ["add: prefix length 33", () => addrs.add("v0", "192.0.2.1/33"), "192.0.2.1/33"],
    ["add: octet 300", () => addrs.add("v0", "300.1.2.3/24"), "300.1.2.3"],
    ["add: bad IPv6", () => addrs.add("v0", "2001:db8::g/64"), "2001:db8::g"],
    ["add: IPv6 prefix 129", () => addrs.add("v0", "2001:db8::1/129"), "129"],
    ["add: empty address", () => addrs.add("v0", ""), "cidr"],
    ["add: address not a string", () => addrs.add("v0", bad(5)), "cidr"],
    ["add: link path-like", () => addrs.add("a/b", "192.0.2.1/24"), "link"],
    ["add: link fractional", () => addrs.add(1.5, "192.0.2.1/24"), "link"],
    ["add: peer of the other family", () => addrs.add("v0", "192.0.2.1/24", { peer: "2001:db8::1" }), "peer"],
    ["add: broadcast malformed", () => addrs.add("v0", "192.0.2.1/24", { broadcast: "x" }), "broadcast"],
    ["add: label over 15 bytes", () => addrs.add("v0", "192.0.2.1/24", { label: `v0:${"l".repeat(20)}` }), "label"],
    ["add: scope unknown", () => addrs.add("v0", "192.0.2.1/24", { scope: "galaxy" }), "scope"],
    ["add: flag unknown", () => addrs.add("v0", "192.0.2.1/24", { flags: ["sparkly"] }), "flags"],
    ["add: validLft negative", () => addrs.add("v0", "192.0.2.1/24", { validLft: -1 }), "validLft"],
    ["add: preferredLft unknown word", () => addrs.add("v0", "192.0.2.1/24", { preferredLft: bad("never") }), "preferredLft"],
    ["add: metric above u32", () => addrs.add("v0", "192.0.2.1/24", { metric: 2 ** 32 }), "metric"],
    ["add: protocol unknown", () => addrs.add("v0", "192.0.2.1/24", { protocol: "carrier-pigeon" }), "protocol"],
    ["add: unknown option", () => addrs.add("v0", "192.0.2.1/24", bad({ colour: 1 })), "colour"],
    ["replace: prefix length 33", () => addrs.replace("v0", "192.0.2.1/33"), "192.0.2.1/33"],
    ["replace: link over-long", () => addrs.replace(LONG, "192.0.2.1/24"), "link"],
    ["delete: malformed address", () => addrs.delete("v0", "nope"), "nope"],
    ["delete: empty link", () => addrs.delete("", "192.0.2.1/24"), "link"],
    ["flush: family unknown", () => addrs.flush({ family: bad(7) }), "family"],
    ["flush: link path-like", () => addrs.flush({ link: "a/b" }), "link"],
  ]);
});

describe("bad input: RouteApi", () => {
  const R = { dst: "198.51.100.0/24" };
  cases([
    ["list: family unknown", () => routes.list({ family: bad(5) }), "family"],
    ["list: table unknown name", () => routes.list({ table: bad("nosuch") }), "table"],
    ["list: table above u32", () => routes.list({ table: 2 ** 32 }), "table"],
    ["list: protocol unknown", () => routes.list({ protocol: "carrier-pigeon" }), "protocol"],
    ["list: type unknown", () => routes.list({ type: "weird" }), "type"],
    ["list: dev path-like", () => routes.list({ dev: "a/b" }), "dev"],
    ["list: ifindex as a name", () => routes.list({ ifindex: "v0" as never }), "ifindex"],
    ["add: ifindex and dev", () => routes.add({ dst: "192.0.2.0/24", ifindex: 1, dev: "lo" }), "ifindex"],
    ["list: unknown filter key", () => routes.list(bad({ colour: 1 })), "colour"],
    ["listDetailed: family unknown", () => routes.listDetailed({ family: bad(5) }), "family"],
    ["iterate: table unknown", () => routes.iterate({ table: bad("nosuch") }), "table"],
    ["get: not an address", () => routes.get("not-an-ip"), "not-an-ip"],
    ["get: from malformed", () => routes.get("192.0.2.1", { from: "x" }), "from"],
    ["get: iif path-like", () => routes.get("192.0.2.1", { iif: "a/b", from: "192.0.2.2" }), "iif"],
    ["get: mark negative", () => routes.get("192.0.2.1", { mark: -1 }), "mark"],
    ["get: uid above u32", () => routes.get("192.0.2.1", { uid: 2 ** 32 }), "uid"],
    ["get: ipProto 300", () => routes.get("192.0.2.1", { ipProto: 300 }), "ipProto"],
    ["get: sport 70000", () => routes.get("192.0.2.1", { sport: 70000 }), "sport"],
    ["get: dport negative", () => routes.get("192.0.2.1", { dport: -1 }), "dport"],
    ["get: tos 256", () => routes.get("192.0.2.1", { tos: 256 }), "tos"],
    ["get: fibMatch not a boolean", () => routes.get("192.0.2.1", { fibMatch: bad("yes") }), "fibMatch"],
    ["add: no spec", () => routes.add(bad(undefined)), "route"],
    ["add: missing dst", () => routes.add(bad({ gateway: "192.0.2.1" })), "dst"],
    ["add: dst prefix 33", () => routes.add({ dst: "192.0.2.0/33" }), "dst"],
    ["add: dst malformed", () => routes.add({ dst: "192.0.2/24x" }), "dst"],
    ["add: gateway of the other family", () => routes.add({ ...R, gateway: "2001:db8::1" }), "gateway"],
    ["add: gateway malformed", () => routes.add({ ...R, gateway: "x" }), "gateway"],
    ["add: dev empty", () => routes.add({ ...R, dev: "" }), "dev"],
    ["add: dev over-long", () => routes.add({ ...R, dev: LONG_REF }), "dev"],
    ["add: metric negative", () => routes.add({ ...R, metric: -1 }), "metric"],
    ["add: table unknown", () => routes.add({ ...R, table: bad("nosuch") }), "table"],
    ["add: protocol unknown", () => routes.add({ ...R, protocol: "carrier-pigeon" }), "protocol"],
    ["add: scope unknown", () => routes.add({ ...R, scope: "galaxy" }), "scope"],
    ["add: type unknown", () => routes.add({ ...R, type: "weird" }), "type"],
    ["add: tos 256", () => routes.add({ ...R, tos: 256 }), "tos"],
    ["add: onlink not a boolean", () => routes.add({ ...R, onlink: bad(1) }), "onlink"],
    ["add: metrics.mtu negative", () => routes.add({ ...R, metrics: bad({ mtu: -1 }) }), "mtu"],
    ["add: unknown metric", () => routes.add({ ...R, metrics: bad({ colour: 1 }) }), "colour"],
    ["add: multipath hop gateway malformed", () => routes.add({ ...R, multipath: [{ gateway: "x" }] }), "multipath[0]"],
    ["add: multipath weight 0", () => routes.add({ ...R, multipath: [{ gateway: "192.0.2.1", weight: 0 }] }), "weight"],
    ["add: multipath not an array", () => routes.add({ ...R, multipath: bad({}) }), "multipath"],
    ["add: nhid 0", () => routes.add({ ...R, nhid: 0 }), "nhid"],
    ["add: pref unknown", () => routes.add({ dst: "2001:db8::/64", pref: bad("extreme") }), "pref"],
    ["add: expires negative", () => routes.add({ dst: "2001:db8::/64", expires: -1 }), "expires"],
    ["add: from malformed", () => routes.add({ dst: "2001:db8::/64", from: "x" }), "from"],
    ["add: src malformed", () => routes.add({ ...R, src: "x" }), "src"],
    ["add: family unknown", () => routes.add({ dst: "default", family: bad(5) }), "family"],
    ["add: encap type unknown", () => routes.add({ ...R, encap: bad({ type: "bogus" }) }), "encap"],
    ["add: unknown option", () => routes.add(bad({ ...R, colour: 1 })), "colour"],
    ["replace: dst malformed", () => routes.replace({ dst: "x" }), "dst"],
    ["append: gateway malformed", () => routes.append({ ...R, gateway: "x" }), "gateway"],
    ["change: metric fractional", () => routes.change({ ...R, metric: 1.5 }), "metric"],
    ["delete: dst prefix 129", () => routes.delete({ dst: "2001:db8::/129" }), "dst"],
    ["flush: family unknown", () => routes.flush({ family: bad(5) }), "family"],
    ["addMany: a bad spec names its index", () => routes.addMany([R, { dst: "x" }]), "1"],
    ["addMany: mode unknown", () => routes.addMany([R], { mode: bad("upsert") }), "mode"],
    ["addMany: window 0", () => routes.addMany([R], { window: 0 }), "window"],
  ]);
});

describe("bad input: NeighbourApi", () => {
  const N = { dev: "v0", dst: "192.0.2.9", lladdr: "02:00:00:00:00:09" };
  cases([
    ["list: family unknown", () => neigh.list({ family: bad(5) }), "family"],
    ["list: state unknown", () => neigh.list({ state: "sleepy" }), "state"],
    ["list: link path-like", () => neigh.list({ link: "a/b" }), "link"],
    ["list: master over-long", () => neigh.list({ master: LONG }), "master"],
    ["list: proxy not a boolean", () => neigh.list({ proxy: bad("y") }), "proxy"],
    ["add: dst malformed", () => neigh.add({ ...N, dst: "x" }), "dst"],
    ["add: dev empty", () => neigh.add({ ...N, dev: "" }), "dev"],
    ["add: dev missing", () => neigh.add(bad({ dst: "192.0.2.9", lladdr: "02:00:00:00:00:09" })), "dev"],
    ["add: lladdr malformed", () => neigh.add({ ...N, lladdr: "zz" }), "lladdr"],
    ["add: state unknown", () => neigh.add({ ...N, state: "sleepy" }), "state"],
    ["add: flag unknown", () => neigh.add({ ...N, flags: ["sparkly"] }), "flags"],
    ["add: family unknown", () => neigh.add({ ...N, family: bad(5) }), "family"],
    ["add: vlan 5000", () => neigh.add({ ...N, vlan: 5000 }), "vlan"],
    ["add: port 70000", () => neigh.add({ ...N, port: 70000 }), "port"],
    ["add: vni above 24 bits", () => neigh.add({ ...N, vni: 2 ** 24 }), "vni"],
    ["add: protocol unknown", () => neigh.add({ ...N, protocol: "carrier-pigeon" }), "protocol"],
    ["add: extFlags unknown", () => neigh.add({ ...N, extFlags: ["sparkly"] }), "extFlags"],
    ["add: nhId negative", () => neigh.add({ ...N, nhId: -1 }), "nhId"],
    ["add: unknown option", () => neigh.add(bad({ ...N, colour: 1 })), "colour"],
    ["replace: dst malformed", () => neigh.replace({ ...N, dst: "300.0.0.1" }), "dst"],
    ["change: lladdr malformed", () => neigh.change({ ...N, lladdr: "zz:01" }), "lladdr"],
    ["delete: dst malformed", () => neigh.delete({ dev: "v0", dst: "x" }), "dst"],
    ["delete: dev missing", () => neigh.delete(bad({ dst: "192.0.2.9" })), "dev"],
    ["flush: family unknown", () => neigh.flush({ family: bad(5) }), "family"],
  ]);
});

describe("bad input: RuleApi", () => {
  cases([
    ["list: family 256 (not an AF_* number)", () => rules.list(bad(256)), "family"],
    ["list: family unknown name", () => rules.list(bad("ipx")), "family"],
    ["list: family fractional", () => rules.list(bad(2.5)), "family"],
    ["add: family 5", () => rules.add({ family: bad(5) }), "family"],
    ["add: priority negative", () => rules.add({ priority: -1 }), "priority"],
    ["add: from malformed", () => rules.add({ from: "x" }), "from"],
    ["add: to prefix 33", () => rules.add({ to: "192.0.2.0/33" }), "to"],
    ["add: iif path-like", () => rules.add({ iif: "a/b" }), "iif"],
    ["add: oif over-long", () => rules.add({ oif: LONG }), "oif"],
    ["add: fwmark above u32", () => rules.add({ fwmark: 2 ** 32 }), "fwmark"],
    ["add: table unknown name", () => rules.add({ table: bad("nosuch") }), "table"],
    ["add: action unknown", () => rules.add({ action: bad("explode") }), "action"],
    ["add: goto negative", () => rules.add({ action: "goto", goto: -1 }), "goto"],
    ["add: uidRange reversed", () => rules.add({ uidRange: { start: 5, end: 1 } as any }), "uidRange"],
    ["add: ipProto unknown name", () => rules.add({ ipProto: "carrier-pigeon" }), "ipProto"],
    ["add: sport 70000", () => rules.add({ ipProto: "tcp", sport: 70000 }), "sport"],
    ["add: tos 256", () => rules.add({ tos: 256 }), "tos"],
    ["add: dscp 64", () => rules.add({ dscp: 64 }), "dscp"],
    ["add: flowlabel above 20 bits", () => rules.add({ family: 6, flowlabel: 2 ** 20 }), "flowlabel"],
    ["add: tunId negative", () => rules.add({ tunId: -1 }), "tunId"],
    ["add: not not a boolean", () => rules.add({ not: bad("y") }), "not"],
    ["add: unknown option", () => rules.add(bad({ colour: 1 })), "colour"],
    ["delete: priority a string", () => rules.delete({ priority: bad("x") }), "priority"],
  ]);
});

describe("bad input: NsidApi", () => {
  cases([
    ["get: target empty", () => nsid.get(bad({})), "target"],
    ["get: fd negative", () => nsid.get({ fd: -1 }), "fd"],
    ["get: pid 0", () => nsid.get({ pid: 0 }), "pid"],
    ["set: nsid -2", () => nsid.set({ pid: 1 }, -2), "nsid"],
    ["set: nsid above s32", () => nsid.set({ pid: 1 }, 2 ** 31), "nsid"],
    ["set: target null", () => nsid.set(bad(null), 1), "target"],
    ["list: targetNsid a string", () => nsid.list({ targetNsid: bad("x") }), "targetNsid"],
    ["list: unknown option", () => nsid.list(bad({ colour: 1 })), "colour"],
  ]);
});

describe("bad input: NexthopApi", () => {
  cases([
    ["list: family unknown", () => nh.list({ family: bad(5) }), "family"],
    ["list: dev path-like", () => nh.list({ dev: "a/b" }), "dev"],
    ["list: groups not a boolean", () => nh.list({ groups: bad("y") }), "groups"],
    ["list: master fractional", () => nh.list({ master: 1.5 }), "master"],
    ["get: id 0", () => nh.get(0), "id"],
    ["get: id a string", () => nh.get(bad("1")), "id"],
    ["add: id missing", () => nh.add(bad({ blackhole: true })), "id"],
    ["add: id above u32", () => nh.add({ id: 2 ** 32, blackhole: true }), "id"],
    ["add: gateway malformed", () => nh.add({ id: 1, gateway: "x", dev: "v0" }), "gateway"],
    ["add: dev empty", () => nh.add({ id: 1, dev: "" }), "dev"],
    ["add: group member id 0", () => nh.add({ id: 1, group: [{ id: 0 }] }), "id"],
    ["add: group weight 0", () => nh.add({ id: 1, group: [{ id: 2, weight: 0 }] }), "weight"],
    ["add: groupType unknown", () => nh.add({ id: 1, group: [{ id: 2 }], groupType: bad("x") }), "groupType"],
    ["add: resilient buckets negative", () => nh.add({ id: 1, group: [{ id: 2 }], groupType: "resilient", resilient: { buckets: -1 } }), "buckets"],
    ["add: blackhole not a boolean", () => nh.add({ id: 1, blackhole: bad("y") }), "blackhole"],
    ["add: family unknown", () => nh.add({ id: 1, family: bad(5), blackhole: true }), "family"],
    ["add: protocol unknown", () => nh.add({ id: 1, blackhole: true, protocol: "carrier-pigeon" }), "protocol"],
    ["add: unknown option", () => nh.add(bad({ id: 1, blackhole: true, colour: 1 })), "colour"],
    ["replace: id negative", () => nh.replace({ id: -1, blackhole: true }), "id"],
    ["delete: id 0", () => nh.delete(0), "id"],
  ]);
});

describe("bad input: connection options, openRtnl, ifindex helpers", () => {
  cases([
    ["NetlinkConnection: dumpRetries 0", () => new NetlinkConnection(new ThrowingTransport(), { dumpRetries: 0 }), "dumpRetries"],
    ["NetlinkConnection: timeoutMs negative", () => new NetlinkConnection(new ThrowingTransport(), { timeoutMs: -1 }), "timeoutMs"],
    ["NetlinkConnection: batchWindow fractional", () => new NetlinkConnection(new ThrowingTransport(), { batchWindow: 1.5 }), "batchWindow"],
    ["openRtnl: dumpRetries 0", () => openRtnl({ transport: new ThrowingTransport(), dumpRetries: 0 }), "dumpRetries"],
    ["openRtnl: netns not a string or handle", () => openRtnl({ netns: bad(5) }), "netns"],
    ["openRtnl: netns with a NUL", () => openRtnl({ netns: "a\0b" }), "netns"],
    ["openRtnl: rcvbuf negative", () => openRtnl({ rcvbuf: -1 }), "rcvbuf"],
    ["openRtnl: basePath not a string", () => openRtnl({ netns: "x", basePath: bad(5) }), "basePath"],
    ["checkIfName: path-like", () => checkIfName("a/b"), "a/b"],
    ["checkIfName: over-long", () => checkIfName(LONG), LONG],
    ["checkIfIndex: 0", () => checkIfIndex(0), "0"],
    ["resolveIndex: empty name", () => resolveIndex(conn, ""), "link"],
  ]);
});
