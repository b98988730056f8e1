/**
 * Bad input to LinkApi is rejected before anything is sent: every case runs
 * over a transport that fails on any I/O, must throw TypeError or
 * RangeError, and the message must name the field and show the value.
 */
import { describe, expect, it } from "vitest";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { noSyscallConn } from "../helpers/fake-kernel.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

type Case = RefusalCase<[LinkApi]>;

const add = (spec: unknown) => (l: LinkApi) => l.add(spec as never);
const veth = (extra: object) => add({ name: "v0", kind: "veth", ...extra });
const data = (kind: string, d: unknown, extra: object = {}) => add({ name: "x0", kind, data: d, ...extra });
const set = (link: unknown, changes: unknown) => (l: LinkApi) => l.set(link as never, changes as never);

const CASES: Case[] = [
  // message-level reads (the CLI's link show)
  ["dumpMessages unknown query option", (l) => l.dumpMessages({ mask: 8 } as never), TypeError, /^query\.mask: unknown option/],
  ["dumpMessages extMask negative", (l) => l.dumpMessages({ extMask: -1 }), RangeError, /^query\.extMask: expected an integer 0\.\.4294967295, got -1/],
  ["dumpMessages kind not a string", (l) => l.dumpMessages({ kind: 5 as never }), TypeError, /^query\.kind: expected a string, got number/],
  ["getMessage index 0", (l) => l.getMessage(0), RangeError, /^link: /],
  ["setIpv6Token IPv4 token", (l) => l.setIpv6Token("v0", "192.0.2.1"), TypeError, /^token: "192\.0\.2\.1" is not an IPv6 address/],
  ["setIpv6Token token not a string", (l) => l.setIpv6Token(3, 1 as never), TypeError, /^token: expected an IPv6 address string, got number/],
  ["setIpv6Token bad token", (l) => l.setIpv6Token(3, "::g"), TypeError, /^token: /],
  ["setIpv6Token index 0", (l) => l.setIpv6Token(0, "::1"), RangeError, /^link: /],
  ["ipv6Tokens bad link", (l) => l.ipv6Tokens(-1), RangeError, /^link: /],
  // the add spec itself
  ["spec null", add(null), TypeError, /^spec: expected an object, got null/],
  ["unknown key", veth({ colour: "red" }), TypeError, /^spec\.colour: unknown option/],
  ["name with /", add({ name: "a/b", kind: "veth" }), TypeError, /^name: "a\/b" is not a valid interface name/],
  ["name empty", add({ name: "", kind: "veth" }), TypeError, /^name: "" is not a valid interface name/],
  ["name 16 bytes", add({ name: "abcdefghijklmnop", kind: "veth" }), TypeError, /^name: "abcdefghijklmnop" is not a valid interface name/],
  ["name .", add({ name: ".", kind: "veth" }), TypeError, /^name: "\." is not a valid interface name/],
  ["name with space", add({ name: "a b", kind: "veth" }), TypeError, /^name: "a b" is not a valid interface name/],
  ["name number", add({ name: 5, kind: "veth" }), TypeError, /^name: expected an interface name string/],
  ["kind empty", add({ name: "x0", kind: "" }), TypeError, /^kind: "" is not a valid link kind name/],
  ["kind with space", add({ name: "x0", kind: "ve th" }), TypeError, /^kind: "ve th" is not a valid link kind name/],
  ["kind number", add({ name: "x0", kind: 7 }), TypeError, /^kind: 7 is not a valid link kind name/],
  ["mtu too small", veth({ mtu: 67 }), RangeError, /^mtu: 67 is out of range 68\.\.65535/],
  ["mtu too large", veth({ mtu: 65536 }), RangeError, /^mtu: 65536 is out of range 68\.\.65535/],
  ["mtu fraction", veth({ mtu: 1400.5 }), TypeError, /^mtu: expected an integer, got 1400\.5/],
  ["mtu string", veth({ mtu: "1400" }), TypeError, /^mtu: expected an integer, got "1400"/],
  ["address syntax", veth({ address: "zz:00:00:00:00:01" }), TypeError, /^address: .*"zz:00:00:00:00:01"/],
  ["address 5 bytes", veth({ address: "02:00:00:00:00" }), RangeError, /^address: "02:00:00:00:00" has 5 bytes, this link type needs 6/],
  ["address multicast", veth({ address: "01:00:5e:00:00:01" }), RangeError, /^address: "01:00:5e:00:00:01" is a multicast address/],
  ["address zero", veth({ address: "00:00:00:00:00:00" }), RangeError, /^address: "00:00:00:00:00:00" is the all-zero address/],
  ["address number", veth({ address: 12 }), TypeError, /^address: expected a MAC address string, got 12/],
  ["txqlen negative", veth({ txqlen: -1 }), RangeError, /^txqlen: -1 is out of range 0\.\.4294967295/],
  ["txqlen 2^32", veth({ txqlen: 2 ** 32 }), RangeError, /^txqlen: 4294967296 is out of range/],
  ["master bad name", veth({ master: "b/0" }), TypeError, /^master: "b\/0" is not a valid interface name/],
  ["master index 0", veth({ master: 0 }), RangeError, /^master: 0 is not a valid interface index/],
  ["master object", veth({ master: {} }), TypeError, /^master: expected an interface name or index, got \{\}/],
  ["link bad", add({ name: "m0", kind: "macvlan", link: -3 }), RangeError, /^link: -3 is not a valid interface index/],
  ["up string", veth({ up: "yes" }), TypeError, /^up: expected a boolean, got "yes"/],
  ["group negative", veth({ group: -1 }), RangeError, /^group: -1 is out of range/],
  ["alias too long", veth({ alias: "a".repeat(256) }), RangeError, /^alias: 256 bytes is longer than IFALIASZ - 1 \(255\)/],
  ["alias NUL", veth({ alias: "a\0b" }), TypeError, /^alias: "a\\u0000b" contains a NUL byte/],
  ["alias with netns", veth({ alias: "x", netns: { pid: 1 } }), TypeError, /^alias: "x" cannot be set on a link created in another namespace/],
  ["numTxQueues 0", veth({ numTxQueues: 0 }), RangeError, /^numTxQueues: 0 is out of range 1\.\.4096/],
  ["numRxQueues 5000", veth({ numRxQueues: 5000 }), RangeError, /^numRxQueues: 5000 is out of range 1\.\.4096/],
  ["netns empty", veth({ netns: {} }), TypeError, /^netns: give exactly one of fd, pid or name, got \{\}/],
  ["netns two", veth({ netns: { fd: 3, pid: 4 } }), TypeError, /^netns: give exactly one of fd, pid or name/],
  ["netns fd -1", veth({ netns: { fd: -1 } }), RangeError, /^netns\.fd: -1 is out of range/],
  ["netns pid 0", veth({ netns: { pid: 0 } }), RangeError, /^netns\.pid: 0 is out of range/],
  ["netns name /", veth({ netns: { name: "a/b" } }), TypeError, /^netns\.name: "a\/b" is not a valid namespace name/],
  ["netns name ..", veth({ netns: { name: ".." } }), TypeError, /^netns\.name: "\.\." is not a valid namespace name/],
  ["netns unknown key", veth({ netns: { path: "/x" } }), TypeError, /^netns\.path: unknown option/],
  // veth peer
  ["peer on a bridge", add({ name: "br0", kind: "bridge", peer: { name: "p" } }), TypeError, /^peer: only veth links have a peer \(kind is "bridge"\)/],
  ["peer name", veth({ peer: { name: "x/y" } }), TypeError, /^peer\.name: "x\/y" is not a valid interface name/],
  ["peer mtu", veth({ peer: { name: "v1", mtu: 10 } }), RangeError, /^peer\.mtu: 10 is out of range 68\.\.65535/],
  ["peer address", veth({ peer: { name: "v1", address: "ff:ff:ff:ff:ff:ff" } }), RangeError, /^peer\.address: "ff:ff:ff:ff:ff:ff" is a multicast address/],
  ["peer unknown key", veth({ peer: { name: "v1", kind: "veth" } }), TypeError, /^peer\.kind: unknown option/],
  ["peer netns", veth({ peer: { name: "v1", netns: { pid: -1 } } }), RangeError, /^peer\.netns\.pid: -1 is out of range/],
  ["veth data", veth({ data: { mode: "x" } }), TypeError, /^data: veth takes no data options \(use peer\)/],
  ["dummy data", data("dummy", { x: 1 }), TypeError, /^data: kind "dummy" takes no data options/],
  ["unknown kind data", data("foo", { x: 1 }), TypeError, /^data: kind "foo" takes no data options/],
  // vlan
  ["vlan without data", add({ name: "vl0", kind: "vlan", link: 2 }), TypeError, /^data: kind "vlan" needs options \(id\)/],
  ["vlan id 4096", data("vlan", { id: 4096 }), RangeError, /^data\.id: 4096 is out of range 0\.\.4095/],
  ["vlan id missing", data("vlan", {}), TypeError, /^data\.id: expected an integer, got undefined/],
  ["vlan protocol", data("vlan", { id: 1, protocol: "802.1x" }), TypeError, /^data\.protocol: "802\.1x" is not one of 802\.1Q, 802\.1ad/],
  ["vlan flag key", data("vlan", { id: 1, flags: { fast: true } }), TypeError, /^data\.flags\.fast: unknown option/],
  ["vlan flag value", data("vlan", { id: 1, flags: { gvrp: 1 } }), TypeError, /^data\.flags\.gvrp: expected a boolean, got 1/],
  ["vlan qos", data("vlan", { id: 1, ingressQos: [{ from: 1 }] }), TypeError, /^data\.ingressQos\[0\]\.to: expected an integer, got undefined/],
  // vxlan
  ["vxlan no id", data("vxlan", { dstPort: 4789 }), TypeError, /^data\.id: required/],
  ["vxlan id range", data("vxlan", { id: 2 ** 24 }), RangeError, /^data\.id: 16777216 is out of range 0\.\.16777215/],
  ["vxlan external+id", data("vxlan", { id: 1, external: true }), TypeError, /^data\.id: 1 cannot be combined with external/],
  ["vxlan group unicast", data("vxlan", { id: 1, group: "192.0.2.1", link: 2 }), TypeError, /^data\.group: "192\.0\.2\.1" is not a multicast address/],
  ["vxlan remote multicast", data("vxlan", { id: 1, remote: "239.0.0.1" }), TypeError, /^data\.remote: "239\.0\.0\.1" is a multicast address/],
  ["vxlan group+remote", data("vxlan", { id: 1, group: "239.0.0.1", remote: "192.0.2.1" }), TypeError, /^data\.remote: "192\.0\.2\.1" cannot be combined with group/],
  ["vxlan group no link", data("vxlan", { id: 1, group: "239.0.0.1" }), TypeError, /^data\.link: required with a multicast group/],
  ["vxlan family mix", data("vxlan", { id: 1, local: "2001:db8::1", remote: "192.0.2.1" }), TypeError, /^data\.remote: "192\.0\.2\.1" is not of the same family as local/],
  ["vxlan local syntax", data("vxlan", { id: 1, local: "192.0.2.300" }), TypeError, /^data\.local: .*"192\.0\.2\.300"/],
  ["vxlan dstPort 65536", data("vxlan", { id: 1, dstPort: 65536 }), RangeError, /^data\.dstPort: 65536 is out of range 0\.\.65535/],
  ["vxlan df unknown", data("vxlan", { id: 1, df: "maybe" }), TypeError, /^data\.df: expected "unset", "set" or "inherit"/],
  ["vxlan ttl word", data("vxlan", { id: 1, ttl: "auto" }), TypeError, /^data\.ttl: /],
  ["vxlan vnifilter without external", data("vxlan", { vnifilter: true }), TypeError, /^data\.vnifilter: only with external/],
  ["vxlan port range", data("vxlan", { id: 1, srcPortRange: { low: 2000, high: 1000 } }), RangeError, /^data\.srcPortRange: high 1000 is below low 2000/],
  ["vxlan ttl", data("vxlan", { id: 1, ttl: 256 }), RangeError, /^data\.ttl: 256 is out of range 0\.\.255/],
  ["vxlan link", data("vxlan", { id: 1, link: "a b" }), TypeError, /^data\.link: "a b" is not a valid interface name/],
  ["vxlan learning", data("vxlan", { id: 1, learning: "no" }), TypeError, /^data\.learning: expected a boolean, got "no"/],
  // bridge
  ["bridge stp", data("bridge", { stpState: 3 }), RangeError, /^data\.stpState: 3 is out of range 0\.\.2/],
  ["bridge priority", data("bridge", { priority: 70000 }), RangeError, /^data\.priority: 70000 is out of range 0\.\.65535/],
  ["bridge vlanFiltering", data("bridge", { vlanFiltering: "yes" }), TypeError, /^data\.vlanFiltering: expected a boolean, got "yes"/],
  ["bridge unknown", data("bridge", { stp: 1 }), TypeError, /^data\.stp: unknown option/],
  ["bridge groupAddr", data("bridge", { groupAddr: "01:80:c2:00:00" }), RangeError, /^data\.groupAddr: "01:80:c2:00:00" has 5 bytes/],
  ["bridge data not object", data("bridge", 5), TypeError, /^data: expected an object, got 5/],
  // macvlan / ipvlan
  ["macvlan mode", data("macvlan", { mode: "hub" }), TypeError, /^data\.mode: "hub" is not one of private, vepa, bridge, passthru, source/],
  ["macvlan flags", data("macvlan", { flags: ["loud"] }), TypeError, /^data\.flags\[0\]: "loud" is not one of nopromisc, nodst/],
  ["macvlan flags type", data("macvtap", { flags: "nopromisc" }), TypeError, /^data\.flags: expected an array/],
  ["ipvlan mode", data("ipvlan", { mode: "l4" }), TypeError, /^data\.mode: "l4" is not one of l2, l3, l3s/],
  ["ipvlan flags", data("ipvtap", { flags: "public" }), TypeError, /^data\.flags: "public" is not one of bridge, private, vepa/],
  // bond / vrf
  ["bond mode", data("bond", { mode: "rr" }), TypeError, /^data\.mode: "rr" is not one of balance-rr/],
  ["bond hash", data("bond", { xmitHashPolicy: "layer4" }), TypeError, /^data\.xmitHashPolicy: "layer4" is not one of/],
  ["bond arp target", data("bond", { arpIpTarget: ["2001:db8::1"] }), TypeError, /^data\.arpIpTarget\[0\]: "2001:db8::1" is not an IPv4 address/],
  ["bond lacp rate", data("bond", { adLacpRate: "medium" }), TypeError, /^data\.adLacpRate: "medium" is not one of slow, fast/],
  ["bond primary", data("bond", { primary: "a/b" }), TypeError, /^data\.primary: "a\/b" is not a valid interface name/],
  ["bond miimon", data("bond", { miimon: -5 }), RangeError, /^data\.miimon: -5 is out of range/],
  ["vrf table 0", data("vrf", { table: 0 }), RangeError, /^data\.table: 0 is out of range 1\.\.4294967295/],
  ["vrf no data", add({ name: "vrf0", kind: "vrf" }), TypeError, /^data: kind "vrf" needs options \(table\)/],
  // tunnels
  ["gre v6 local", data("gre", { local: "2001:db8::1" }), TypeError, /^data\.local: "2001:db8::1" is not an IPv4 address/],
  ["gre key+ikey", data("gretap", { key: 1, ikey: 2 }), TypeError, /^data\.key: 1 cannot be combined with ikey\/okey/],
  ["gre ttl", data("gre", { ttl: 300 }), RangeError, /^data\.ttl: 300 is out of range 0\.\.255/],
  ["gre encapLimit v4", data("gre", { encapLimit: 4 }), TypeError, /^data\.encapLimit: only an option of IPv6 GRE/],
  ["ip6gre pmtudisc", data("ip6gre", { pmtudisc: true }), TypeError, /^data\.pmtudisc: not an option of IPv6 GRE/],
  ["ip6gre v4 remote", data("ip6gretap", { remote: "192.0.2.1" }), TypeError, /^data\.remote: "192\.0\.2\.1" is not an IPv6 address/],
  ["ipip ttl without pmtudisc", data("ipip", { ttl: 64, pmtudisc: false }), TypeError, /^data\.ttl: 64 needs pmtudisc/],
  ["sit fwmark", data("sit", { fwmark: -1 }), RangeError, /^data\.fwmark: -1 is out of range/],
  ["ip6tnl mode", data("ip6tnl", { mode: "gre" }), TypeError, /^data\.mode: "gre" is not one of ip6ip6, ipip6, any/],
  ["ip6tnl v4 local", data("ip6tnl", { local: "192.0.2.1" }), TypeError, /^data\.local: "192\.0\.2\.1" is not an IPv6 address/],
  ["geneve no id", data("geneve", { remote: "192.0.2.1" }), TypeError, /^data\.id: expected an integer, got undefined/],
  ["geneve remote", data("geneve", { id: 1, remote: "nowhere" }), TypeError, /^data\.remote: .*"nowhere"/],
  ["geneve label", data("geneve", { id: 1, label: 2 ** 20 }), RangeError, /^data\.label: 1048576 is out of range 0\.\.1048575/],
  // set
  ["set link name", set("a/b", { up: true }), TypeError, /^link: "a\/b" is not a valid interface name/],
  ["set link index", set(0, { up: true }), RangeError, /^link: 0 is not a valid interface index/],
  ["set nothing", set("v0", {}), TypeError, /^changes: nothing to change/],
  ["set promisc not a boolean", set("v0", { promisc: "on" }), TypeError, /^promisc: /],
  ["set addrGenMode unknown", set("v0", { addrGenMode: "eui48" }), TypeError, /^addrGenMode: expected one of "eui64", "none", "stable_secret", "random", got "eui48"/],
  ["set operState lower case", set("v0", { operState: "up" }), TypeError, /^operState: expected one of "UNKNOWN"/],
  ["set gsoMaxSegs too big", set("v0", { gsoMaxSegs: 65536 }), RangeError, /^gsoMaxSegs: /],
  ["set broadcast garbage", set("v0", { broadcast: "zz" }), TypeError, /^broadcast: /],
  ["set xdp unknown option", set("v0", { xdp: { fd: 3, prog: 1 } }), TypeError, /^xdp\.prog: unknown option/],
  ["set xdp fd below -1", set("v0", { xdp: { fd: -2 } }), RangeError, /^xdp\.fd: /],
  ["set xdp mode unknown", set("v0", { xdp: { fd: -1, mode: "skb" } }), TypeError, /^xdp\.mode: expected one of "generic", "driver", "offload"/],
  ["altname empty list", (l) => l.addAltNames("v0", []), TypeError, /^names: expected a non-empty array/],
  ["altname with a slash", (l) => l.addAltNames("v0", ["a/b"]), TypeError, /^names\[0\]: "a\/b" is not a valid alternative name/],
  ["altname of 128 bytes", (l) => l.deleteAltNames("v0", ["x".repeat(128)]), TypeError, /^names\[0\]: .* is not a valid alternative name/],
  ["peer promisc not a boolean", veth({ peer: { name: "y0", promisc: "on" } }), TypeError, /^peer\.promisc: /],
  ["peer numTxQueues 0", veth({ peer: { name: "y0", numTxQueues: 0 } }), RangeError, /^peer\.numTxQueues: /],
  ["add index 0", add({ name: "x0", kind: "veth", index: 0 }), RangeError, /^index: /],
  ["set newIndex without netns", set("v0", { newIndex: 5 }), TypeError, /^newIndex: only with netns/],
  ["set port unknown option", set("v0", { port: { hairpinMode: true } }), TypeError, /^port\.hairpinMode: unknown bridge port option/],
  ["set port cost negative", set("v0", { port: { cost: -1 } }), RangeError, /^port\.cost: /],
  ["set port state unknown", set("v0", { port: { state: "sleeping" } }), TypeError, /^port\.state: expected one of "disabled"/],
  ["set port with data", set("v0", { port: { cost: 1 }, data: {} }), TypeError, /^port: cannot be combined with data/],
  ["set port fdbFlush false", set("v0", { port: { fdbFlush: false } }), TypeError, /^port\.fdbFlush: expected true/],
  ["add linkMode unknown", add({ name: "x0", kind: "veth", linkMode: "sleepy" }), TypeError, /^linkMode: /],
  ["set unknown key", set("v0", { kind: "veth" }), TypeError, /^changes\.kind: unknown option/],
  ["set mtu", set("v0", { mtu: 2 ** 31 }), RangeError, /^mtu: 2147483648 is out of range 0\.\.2147483647/],
  ["set name", set("v0", { name: "x/y" }), TypeError, /^name: "x\/y" is not a valid interface name/],
  ["set carrier", set("v0", { carrier: "off" as never }), TypeError, /^carrier: expected a boolean, got "off"/],
  ["set master", set("v0", { master: "b r" }), TypeError, /^master: "b r" is not a valid interface name/],
  ["set up", set("v0", { up: 1 }), TypeError, /^up: expected a boolean, got 1/],
  ["set netns", set("v0", { netns: { pid: -3 } }), RangeError, /^netns\.pid: -3 is out of range/],
  ["set address", set("v0", { address: "xx" }), TypeError, /^address: .*"xx"/],
  ["set alias", set("v0", { alias: 5 }), TypeError, /^alias: expected a string, got 5/],
  ["set changes null", set("v0", null), TypeError, /^changes: expected an object, got null/],
  // get / find / delete / index / list
  ["get bad name", (l) => l.get("a/b"), TypeError, /^link: "a\/b" is not a valid interface name/],
  ["get negative", (l) => l.get(-1), RangeError, /^link: -1 is not a valid interface index/],
  ["find fraction", (l) => l.find(1.5), RangeError, /^link: 1\.5 is not a valid interface index/],
  ["delete bad", (l) => l.delete("a b"), TypeError, /^link: "a b" is not a valid interface name/],
  ["index bad", (l) => l.index("a/b"), TypeError, /^name: "a\/b" is not a valid interface name/],
  ["list unknown filter", (l) => l.list({ type: "veth" } as never), TypeError, /^filter\.type: unknown option/],
  ["list kind", (l) => l.list({ kind: "a b" }), TypeError, /^filter\.kind: "a b" is not a valid link kind name/],
  ["list master", (l) => l.list({ master: "a/b" }), TypeError, /^filter\.master: "a\/b" is not a valid interface name/],
  ["iterate master", (l) => [...l.iterate({ master: 0 })], RangeError, /^filter\.master: 0 is not a valid interface index/],
  // a whole group of links (ip link set|delete group N)
  ["setGroup group negative", (l) => l.setGroup(-1, { up: true }), RangeError, /^group: /],
  ["setGroup changes null", (l) => l.setGroup(5, null as never), TypeError, /^changes: expected an object, got null/],
  ["setGroup changes.name", (l) => l.setGroup(5, { name: "x" }), TypeError, /^changes\.name: not for a group of links/],
  ["setGroup unknown change", (l) => l.setGroup(5, { colour: 1 } as never), TypeError, /colour/],
  ["deleteGroup group not a number", (l) => l.deleteGroup("5" as never), TypeError, /^group: /],
];

describe("LinkApi rejects bad input before any syscall", () => {
  const api = new LinkApi(noSyscallConn());

  it("the transport notices a request (so the cases below prove something)", () => {
    expect(() => api.add({ name: "v0", kind: "veth", peer: { name: "v1" } })).toThrow(/NoSyscallTransport: a request was sent/);
    expect(() => api.get(1)).toThrow(/NoSyscallTransport/);
  });

  itRefusesBeforeAnySyscall(CASES, (c) => [new LinkApi(c)]);
});
