/**
 * Bad input to the route and nexthop APIs is refused before any syscall:
 * every call below runs over a transport that fails the test on any I/O,
 * and must throw a TypeError or RangeError whose message names the field
 * (and the value, where there is one).
 */
import { describe } from "vitest";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { RouteApi } from "../../lib/rtnl/route/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

type Case = RefusalCase<[RouteApi, NexthopApi]>;

const v4 = "198.51.100.0/24";
const v6 = "2001:db8:1::/64";

const CASES: Case[] = [
  // route spec: shape and destination
  ["spec not an object", (r) => r.add("198.51.100.0/24" as never), TypeError, /^route: expected an options object/],
  ["unknown option", (r) => r.add({ dst: v4, gw: "192.0.2.2" } as never), TypeError, /^route\.gw: unknown option/],
  ["dst missing", (r) => r.add({} as never), TypeError, /^dst: required/],
  ["dst not a string", (r) => r.add({ dst: 42 } as never), TypeError, /^dst: expected a prefix string or "default", got 42/],
  ["dst garbage", (r) => r.add({ dst: "nowhere" }), TypeError, /^dst: .*"nowhere"/],
  ["IPv4 prefix length 33", (r) => r.add({ dst: "192.0.2.0/33" }), RangeError, /^dst: prefix length 33 is out of range 0\.\.32/],
  ["IPv6 prefix length 129", (r) => r.add({ dst: "2001:db8::/129" }), RangeError, /^dst: prefix length 129 is out of range 0\.\.128/],
  ["host bits set", (r) => r.add({ dst: "198.51.100.1/24" }), RangeError, /^dst: "198\.51\.100\.1\/24" has host bits set \(the network is 198\.51\.100\.0\/24\)/],
  ["family of dst differs from family", (r) => r.add({ dst: v6, family: 4 }), TypeError, /^dst: "2001:db8:1::\/64" is an IPv6 prefix but the route is IPv4/],
  ["family not 4/6", (r) => r.add({ dst: "default", family: 5 as never }), TypeError, /^family: 5 is not an address family/],
  // MPLS routes (family "mpls")
  ["MPLS dst not a label", (r) => r.add({ family: "mpls", dst: "198.51.100.0/24", dev: "v0" }), TypeError, /^dst: expected one MPLS label as a decimal string like "100", got "198\.51\.100\.0\/24"/],
  ["MPLS dst a stack", (r) => r.add({ family: "mpls", dst: "100/200", dev: "v0" }), TypeError, /^dst: expected one MPLS label/],
  ["MPLS dst over 20 bits", (r) => r.add({ family: "mpls", dst: "1048576", dev: "v0" }), RangeError, /^dst: label 1048576 is over 1048575/],
  ["MPLS newdst label over 20 bits", (r) => r.add({ family: "mpls", dst: "100", newdst: "200/1048576", dev: "v0" }), RangeError, /^newdst: label 1048576 is over 1048575/],
  ["MPLS newdst not a stack", (r) => r.add({ family: "mpls", dst: "100", newdst: "200,300", dev: "v0" }), TypeError, /^newdst: expected an MPLS label stack like "200\/300", got "200,300"/],
  ["MPLS via not an address", (r) => r.add({ family: "mpls", dst: "100", via: "mpls 31" }), TypeError, /^via: .*"mpls 31"/],
  ["MPLS route with a metric", (r) => r.add({ family: "mpls", dst: "100", dev: "v0", metric: 5 }), TypeError, /^route\.metric: unknown option/],
  ["MPLS path newdst and multipath", (r) => r.add({ family: "mpls", dst: "100", newdst: "200", multipath: [{ dev: "v0" }] }), TypeError, /^multipath: cannot be combined with via, dev or newdst/],
  ["MPLS path without via or dev", (r) => r.add({ family: "mpls", dst: "100", multipath: [{ newdst: "200" }] }), TypeError, /^multipath\[0\]: a path needs a via or dev/],
  ["MPLS path bad newdst", (r) => r.add({ family: "mpls", dst: "100", multipath: [{ newdst: "x", dev: "v0" }] }), TypeError, /^multipath\[0\]\.newdst: expected an MPLS label stack/],
  ["newdst on an IPv4 route", (r) => r.add({ dst: v4, newdst: "200", dev: "v0" }), TypeError, /^newdst: only MPLS routes \(family "mpls"\) have an outgoing label stack/],
  ["newdst on an IPv4 path", (r) => r.add({ dst: v4, multipath: [{ dev: "v0", newdst: "200" }] }), TypeError, /^multipath\[0\]\.newdst: only MPLS routes/],
  ["MPLS list family misspelt", (r) => r.list({ family: "mlps" as never }), TypeError, /^filter\.family: "mlps" is not an address family/],
  // message-level dumps (the CLI's route show)
  ["dumpWith unknown query option", (r) => r.dumpWith({ tabel: 5 } as never, () => {}), TypeError, /^query\.tabel: unknown option/],
  ["dumpWith table negative", (r) => r.dumpWith({ table: -1 }, () => {}), RangeError, /^query\.table: expected an integer 0\.\.4294967295, got -1/],
  ["dumpWith family over a byte", (r) => r.dumpWith({ family: 256 }, () => {}), RangeError, /^query\.family: expected an integer 0\.\.255, got 256/],
  ["restoreMessage type over 16 bits", (r) => r.restoreMessage(0x10000, 0, new Uint8Array(12)), RangeError, /^type: expected an integer 0\.\.65535, got 65536/],
  ["restoreMessage flags negative", (r) => r.restoreMessage(24, -1, new Uint8Array(12)), RangeError, /^flags: expected an integer 0\.\.65535, got -1/],
  ["restoreMessage payload not bytes", (r) => r.restoreMessage(24, 0, [1, 2] as never), TypeError, /^payload: expected a Uint8Array/],
  ["dumpWith cloned not a boolean", (r) => r.dumpWith({ cloned: 1 as never }, () => {}), TypeError, /^query\.cloned: expected a boolean, got number/],
  // next hops
  ["IPv6 gateway for an IPv4 route", (r) => r.add({ dst: v4, gateway: "2001:db8::2" }), TypeError, /^gateway: "2001:db8::2" is an IPv6 address but the route is IPv4; use via/],
  ["IPv4 gateway for an IPv6 route", (r) => r.add({ dst: v6, gateway: "192.0.2.2" }), TypeError, /^gateway: "192\.0\.2\.2" is an IPv4 address but the route is IPv6/],
  ["gateway garbage", (r) => r.add({ dst: v4, gateway: "192.0.2.300" }), TypeError, /^gateway: .*"192\.0\.2\.300"/],
  ["gateway and via", (r) => r.add({ dst: v4, gateway: "192.0.2.2", via: "2001:db8::2" }), TypeError, /^gateway: give either gateway or via/],
  ["via garbage", (r) => r.add({ dst: v4, via: "fe80::1%v0" }), TypeError, /^via: .*zone id/],
  ["src of the other family", (r) => r.add({ dst: v4, dev: "v0", src: "2001:db8::1" }), TypeError, /^src: "2001:db8::1" is an IPv6 address but the route is IPv4/],
  ["from of the other family", (r) => r.add({ dst: v6, from: "192.0.2.0/24" }), TypeError, /^from: "192\.0\.2\.0\/24" is an IPv4 prefix but the route is IPv6/],
  ["from with host bits", (r) => r.add({ dst: v6, from: "2001:db8::1/64" }), RangeError, /^from: "2001:db8::1\/64" has host bits set/],
  ["dev with a slash", (r) => r.add({ dst: v4, dev: "a/b" }), TypeError, /^dev: "a\/b" is not a valid interface name/],
  ["dev index 0", (r) => r.add({ dst: v4, dev: 0 }), RangeError, /^dev: 0 is not a valid interface index/],
  ["iif too long (128 bytes: not even an alternative name)", (r) => r.add({ dst: v4, dev: "v0", iif: "x".repeat(128) }), TypeError, /^iif: "x+" is not a valid interface name \(1-15 bytes\) or alternative name/],
  ["onlink not a boolean", (r) => r.add({ dst: v4, gateway: "192.0.2.2", onlink: "yes" as never }), TypeError, /^onlink: expected true or false, got "yes"/],
  // header fields
  ["table 0", (r) => r.add({ dst: v4, dev: "v0", table: 0 }), RangeError, /^table: 0 is not a routing table \(0 is RT_TABLE_UNSPEC\)/],
  ["table unspec", (r) => r.add({ dst: v4, dev: "v0", table: "unspec" as never }), RangeError, /^table: "unspec" is not a routing table/],
  ["table by an unknown name", (r) => r.add({ dst: v4, dev: "v0", table: "dmz" as never }), TypeError, /^table: unknown route table "dmz"/],
  ["table above 2^32-1", (r) => r.add({ dst: v4, dev: "v0", table: 2 ** 32 }), RangeError, /^table: route table 4294967296 is out of range/],
  ["metric negative", (r) => r.add({ dst: v4, dev: "v0", metric: -1 }), RangeError, /^metric: -1 is out of range 0\.\.4294967295/],
  ["metric fractional", (r) => r.add({ dst: v4, dev: "v0", metric: 1.5 }), TypeError, /^metric: expected an integer, got 1\.5/],
  ["metric as a string", (r) => r.add({ dst: v4, dev: "v0", metric: "5" as never }), TypeError, /^metric: expected an integer, got "5"/],
  ["unknown protocol", (r) => r.add({ dst: v4, dev: "v0", protocol: "ospf3" }), TypeError, /^protocol: unknown route protocol "ospf3"/],
  ["protocol 256", (r) => r.add({ dst: v4, dev: "v0", protocol: 256 }), RangeError, /^protocol: route protocol 256 is out of range 0\.\.255/],
  ["unknown scope", (r) => r.add({ dst: v4, dev: "v0", scope: "planet" }), TypeError, /^scope: unknown route scope "planet"/],
  ["unknown type", (r) => r.add({ dst: v4, type: "wormhole" }), TypeError, /^type: unknown route type "wormhole"/],
  ["tos 256", (r) => r.add({ dst: v4, dev: "v0", tos: 256 }), RangeError, /^tos: 256 is out of range 0\.\.255/],
  ["gateway on a blackhole route", (r) => r.add({ dst: v4, type: "blackhole", gateway: "192.0.2.2" }), TypeError, /^gateway: a blackhole route has no next hop/],
  ["nhid on an unreachable route", (r) => r.add({ dst: v4, type: "unreachable", nhid: 4 }), TypeError, /^nhid: a unreachable route has no next hop/],
  // metrics
  ["unknown metric", (r) => r.add({ dst: v4, dev: "v0", metrics: { mss: 1 } as never }), TypeError, /^metrics\.mss: unknown option/],
  ["empty metrics", (r) => r.add({ dst: v4, dev: "v0", metrics: {} }), TypeError, /^metrics: empty/],
  ["mtu negative", (r) => r.add({ dst: v4, dev: "v0", metrics: { mtu: -1 } }), RangeError, /^metrics\.mtu: -1 is out of range/],
  ["hoplimit 256", (r) => r.add({ dst: v4, dev: "v0", metrics: { hoplimit: 256 } }), RangeError, /^metrics\.hoplimit: 256 is out of range 0\.\.255/],
  ["quickack as a number", (r) => r.add({ dst: v4, dev: "v0", metrics: { quickack: 1 as never } }), TypeError, /^metrics\.quickack: expected true or false, got 1/],
  ["congctl empty", (r) => r.add({ dst: v4, dev: "v0", metrics: { congctl: "" } }), TypeError, /^metrics\.congctl: "" is not a congestion control name/],
  ["congctl too long", (r) => r.add({ dst: v4, dev: "v0", metrics: { congctl: "a-sixteen-chars!" } }), TypeError, /^metrics\.congctl: "a-sixteen-chars!" is not a congestion control name/],
  ["unknown feature", (r) => r.add({ dst: v4, dev: "v0", metrics: { features: ["tfo"] } }), TypeError, /^metrics\.features: unknown route feature "tfo"/],
  ["lock of an unknown metric", (r) => r.add({ dst: v4, dev: "v0", metrics: { mtu: 1400, lock: ["mtu", "mss"] } }), TypeError, /^metrics\.lock\[1\]: "mss" is not a metric name/],
  // multipath
  ["empty multipath", (r) => r.add({ dst: v4, multipath: [] }), TypeError, /^multipath: expected a non-empty array of paths/],
  ["weight 0", (r) => r.add({ dst: v4, multipath: [{ gateway: "192.0.2.2", weight: 0 }] }), RangeError, /^multipath\[0\]\.weight: 0 is out of range 1\.\.256/],
  ["weight 257", (r) => r.add({ dst: v4, multipath: [{ gateway: "192.0.2.2" }, { gateway: "192.0.2.3", weight: 257 }] }), RangeError, /^multipath\[1\]\.weight: 257 is out of range 1\.\.256/],
  ["a path with nothing", (r) => r.add({ dst: v4, multipath: [{ weight: 2 }] }), TypeError, /^multipath\[0\]: a path needs a gateway, via or dev/],
  ["a path's gateway of the other family", (r) => r.add({ dst: v6, multipath: [{ gateway: "192.0.2.2" }] }), TypeError, /^multipath\[0\]\.gateway: "192\.0\.2\.2" is an IPv4 address but the route is IPv6/],
  ["a path's unknown option", (r) => r.add({ dst: v4, multipath: [{ gateway: "192.0.2.2", metric: 1 } as never] }), TypeError, /^multipath\[0\]\.metric: unknown option/],
  ["multipath with a gateway", (r) => r.add({ dst: v4, gateway: "192.0.2.2", multipath: [{ gateway: "192.0.2.3" }] }), TypeError, /^multipath: cannot be combined with gateway, via or dev/],
  // nhid, pref, expires, encap
  ["nhid 0", (r) => r.add({ dst: v4, nhid: 0 }), RangeError, /^nhid: 0 is out of range 1\.\.4294967295/],
  ["nhid with a gateway", (r) => r.add({ dst: v4, nhid: 3, gateway: "192.0.2.2" }), TypeError, /^nhid: cannot be combined with gateway/],
  ["pref on IPv4", (r) => r.add({ dst: v4, dev: "v0", pref: "high" }), TypeError, /^pref: only IPv6 routes have a router preference/],
  ["pref unknown", (r) => r.add({ dst: v6, dev: "v0", pref: "urgent" as never }), TypeError, /^pref: "urgent" is not a router preference/],
  ["expires on IPv4", (r) => r.add({ dst: v4, dev: "v0", expires: 10 }), TypeError, /^expires: only IPv6 routes can expire/],
  ["realms on IPv6", (r) => r.add({ dst: v6, dev: "v0", realms: 1 }), TypeError, /^realms: only IPv4 routes have realms/],
  ["realms out of range", (r) => r.add({ dst: v4, dev: "v0", realms: 2 ** 32 }), RangeError, /^realms: /],
  ["path realms not a number", (r) => r.add({ dst: v4, multipath: [{ dev: "v0", realms: "1/2" as never }] }), TypeError, /^multipath\[0\]\.realms: /],
  ["expires negative", (r) => r.add({ dst: v6, dev: "v0", expires: -1 }), RangeError, /^expires: -1 is out of range/],
  ["encap type unknown", (r) => r.add({ dst: v4, dev: "v0", encap: { type: "gre" } as never }), TypeError, /^encap\.type: "gre" is not an encap type this API builds/],
  ["mpls without labels", (r) => r.add({ dst: v4, dev: "v0", encap: { type: "mpls", labels: [] } }), TypeError, /^encap\.labels: expected 1\.\.30 MPLS labels/],
  ["mpls label 2^20", (r) => r.add({ dst: v4, dev: "v0", encap: { type: "mpls", labels: [1048576] } }), RangeError, /^encap\.labels\[0\]: 1048576 is out of range 0\.\.1048575/],
  ["seg6 IPv4 segment", (r) => r.add({ dst: v6, dev: "v0", encap: { type: "seg6", segments: ["192.0.2.1"] } }), TypeError, /^encap\.segments\[0\]: "192\.0\.2\.1" is an IPv4 address/],
  ["seg6 mode unknown", (r) => r.add({ dst: v6, dev: "v0", encap: { type: "seg6", mode: "tunnel" as never, segments: ["2001:db8::9"] } }), TypeError, /^encap\.mode: "tunnel" is not a seg6 mode/],
  ["a path's encap", (r) => r.add({ dst: v6, multipath: [{ dev: "v0", encap: { type: "seg6", segments: [] } }] }), TypeError, /^multipath\[0\]\.encap\.segments: expected 1\.\.128 IPv6 addresses/],
  // delete/replace/append/change use the same checks
  ["delete with host bits", (r) => r.delete({ dst: "198.51.100.7/24" }), RangeError, /^dst: .*host bits set/],
  ["change with table 0", (r) => r.change({ dst: v4, dev: "v0", table: 0 }), RangeError, /^table: 0 is not a routing table/],
  // get
  ["get a prefix", (r) => r.get("198.51.100.0/24"), TypeError, /^dst: .*"198\.51\.100\.0\/24"/],
  ["get from of the other family", (r) => r.get("198.51.100.7", { from: "2001:db8::1" }), TypeError, /^opts\.from: "2001:db8::1" is an IPv6 address/],
  ["get with a negative mark", (r) => r.get("198.51.100.7", { mark: -1 }), RangeError, /^opts\.mark: -1 is out of range/],
  ["get with sport 70000", (r) => r.get("198.51.100.7", { sport: 70000 }), RangeError, /^opts\.sport: 70000 is out of range 0\.\.65535/],
  ["get with an unknown option", (r) => r.get("198.51.100.7", { table: 5 } as never), TypeError, /^opts\.table: unknown option/],
  ["get with a bad iif", (r) => r.get("198.51.100.7", { iif: "" }), TypeError, /^opts\.iif: "" is not a valid interface name/],
  // list / iterate / flush / addMany
  ["list table 0", (r) => r.list({ table: 0 }), RangeError, /^filter\.table: 0 is not a routing table/],
  ["list family 5", (r) => r.list({ family: 5 as never }), TypeError, /^filter\.family: 5 is not an address family/],
  ["list unknown protocol", (r) => r.list({ protocol: "nope" }), TypeError, /^filter\.protocol: unknown route protocol "nope"/],
  ["list bad dev", (r) => r.list({ dev: "a b" }), TypeError, /^filter\.dev: "a b" is not a valid interface name/],
  ["list ifindex given a name", (r) => r.list({ ifindex: "v0" as never }), TypeError, /^filter\.ifindex: expected an interface index \(a name goes in dev\)/],
  ["list ifindex and dev", (r) => r.list({ ifindex: 2, dev: "v0" }), TypeError, /^filter\.ifindex: give either ifindex or dev, not both/],
  ["list unknown selector", (r) => r.list({ oif: "v0" } as never), TypeError, /^filter\.oif: unknown option/],
  ["add ifindex and dev", (r) => r.add({ dst: "192.0.2.0/24", ifindex: 2, dev: "v0" }), TypeError, /^ifindex: give either ifindex or dev, not both/],
  ["add ifindex 0", (r) => r.add({ dst: "192.0.2.0/24", ifindex: 0 }), RangeError, /^ifindex: /],
  ["add path ifindex given a name", (r) => r.add({ dst: "192.0.2.0/24", multipath: [{ ifindex: "v0" as never }] }), TypeError, /^multipath\[0\]\.ifindex: expected an interface index/],
  ["iterate refuses at the call, not at the first next()", (r) => r.iterate({ type: "nope" }), TypeError, /^filter\.type: unknown route type "nope"/],
  ["flush without selectors", (r) => r.flush({}), TypeError, /^filter: flush needs at least one selector/],
  ["flush with table 0", (r) => r.flush({ table: 0 }), RangeError, /^filter\.table: 0 is not a routing table/],
  ["addMany with a bad spec in the middle", (r) => r.addMany([{ dst: v4, dev: "v0" }, { dst: "198.51.100.1/24", dev: "v0" }]), RangeError, /^specs\[1\]: dst: .*host bits set/],
  ["addMany with an unknown mode", (r) => r.addMany([], { mode: "upsert" as never }), TypeError, /^opts\.mode: "upsert" is not one of add, replace, append/],
  ["addMany of a non-iterable", (r) => r.addMany(5 as never), TypeError, /^specs: expected an iterable of route specs/],
  // nexthop objects
  ["nexthop id missing", (_r, n) => n.add({ gateway: "192.0.2.2", dev: "v0" } as never), TypeError, /^id: required/],
  ["nexthop id 0", (_r, n) => n.add({ id: 0, dev: "v0" }), RangeError, /^id: 0 is out of range 1\.\.4294967295/],
  ["nexthop unknown option", (_r, n) => n.add({ id: 1, via: "192.0.2.2" } as never), TypeError, /^nexthop\.via: unknown option/],
  ["nexthop with nothing", (_r, n) => n.add({ id: 1 }), TypeError, /^nexthop: needs gateway, dev, blackhole or group/],
  ["nexthop gateway of the given family's other", (_r, n) => n.add({ id: 1, family: 6, gateway: "192.0.2.2", dev: "v0" }), TypeError, /^gateway: "192\.0\.2\.2" is an IPv4 address but the route is IPv6/],
  ["blackhole with a gateway", (_r, n) => n.add({ id: 1, blackhole: true, gateway: "192.0.2.2" }), TypeError, /^gateway: a blackhole nexthop cannot have gateway/],
  ["fdb with a dev", (_r, n) => n.add({ id: 1, gateway: "192.0.2.2", fdb: true, dev: "v0" }), TypeError, /^dev: an fdb nexthop cannot have dev/],
  ["empty group", (_r, n) => n.add({ id: 1, group: [] }), TypeError, /^group: expected a non-empty array/],
  ["group weight 0", (_r, n) => n.add({ id: 1, group: [{ id: 2, weight: 0 }] }), RangeError, /^group\[0\]\.weight: 0 is out of range 1\.\.65536/],
  ["group weight 65537", (_r, n) => n.add({ id: 1, group: [{ id: 2, weight: 65537 }] }), RangeError, /^group\[0\]\.weight: 65537 is out of range 1\.\.65536/],
  ["group member twice", (_r, n) => n.add({ id: 1, group: [{ id: 2 }, { id: 2 }] }), TypeError, /^group\[1\]\.id: 2 is listed twice/],
  ["group with a gateway", (_r, n) => n.add({ id: 1, group: [{ id: 2 }], gateway: "192.0.2.2" }), TypeError, /^gateway: a nexthop group cannot have gateway/],
  ["group with a family", (_r, n) => n.add({ id: 1, group: [{ id: 2 }], family: 4 }), TypeError, /^family: a nexthop group has no family/],
  ["unknown group type", (_r, n) => n.add({ id: 1, group: [{ id: 2 }], groupType: "random" as never }), TypeError, /^groupType: "random" is not "mpath" or "resilient"/],
  ["resilient parameters without a group", (_r, n) => n.add({ id: 1, dev: "v0", resilient: { buckets: 8 } }), TypeError, /^resilient: only for a nexthop group/],
  ["resilient parameters on an mpath group", (_r, n) => n.add({ id: 1, group: [{ id: 2 }], resilient: { buckets: 8 } }), TypeError, /^resilient: only for groupType "resilient"/],
  ["zero buckets", (_r, n) => n.add({ id: 1, group: [{ id: 2 }], groupType: "resilient", resilient: { buckets: 0 } }), RangeError, /^resilient\.buckets: 0 is out of range 1\.\.65535/],
  ["nexthop protocol unknown", (_r, n) => n.add({ id: 1, dev: "v0", protocol: "nope" }), TypeError, /^protocol: unknown route protocol "nope"/],
  ["nexthop replace checks too", (_r, n) => n.replace({ id: -5, dev: "v0" }), RangeError, /^id: -5 is out of range/],
  ["nexthop get id 0", (_r, n) => n.get(0), RangeError, /^id: 0 is out of range/],
  ["nexthop delete by a string", (_r, n) => n.delete("1" as never), TypeError, /^id: expected an integer, got "1"/],
  ["nexthop list bad dev", (_r, n) => n.list({ dev: "a b" }), TypeError, /^filter\.dev: "a b" is not a valid interface name/],
  ["nexthop list groups not a boolean", (_r, n) => n.list({ groups: 1 as never }), TypeError, /^filter\.groups: expected true or false, got 1/],
];

describe("bad input is refused before any syscall, naming the field", () => {
  itRefusesBeforeAnySyscall(CASES, (c) => [new RouteApi(c), new NexthopApi(c)]);
});
