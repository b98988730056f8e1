/**
 * Bad input to the neighbour API is refused before any syscall: each case
 * runs over a transport that throws on any I/O, and the TypeError or
 * RangeError must name the field and show the offending value.
 */
import { describe } from "vitest";
import { NeighbourApi } from "../../lib/rtnl/neighbour/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

const LL = "02:00:00:00:00:01";

const CASES: RefusalCase<[NeighbourApi]>[] = [
  // the spec object
  ["spec not an object", (n) => n.add(null as never), TypeError, /^spec: expected an object, got null/],
  ["unknown option", (n) => n.add({ dst: "192.0.2.1", dev: "v0", nud: "stale" } as never), TypeError, /^spec\.nud: unknown option/],
  // dev
  ["dev missing", (n) => n.add({ dst: "192.0.2.1" } as never), TypeError, /^spec\.dev: expected an interface name or index, got undefined/],
  ["dev with '/'", (n) => n.add({ dst: "192.0.2.1", dev: "a/b" }), TypeError, /^spec\.dev: "a\/b" is not a valid interface name/],
  ["dev name too long", (n) => n.add({ dst: "192.0.2.1", dev: "abcdefghijklmnop" }), TypeError, /^spec\.dev: "abcdefghijklmnop"/],
  ["dev index 0", (n) => n.add({ dst: "192.0.2.1", dev: 0 }), RangeError, /^spec\.dev: 0 is not a valid interface index/],
  // dst / family
  ["bad IPv4", (n) => n.add({ dst: "192.0.2.256", dev: "v0" }), TypeError, /^spec\.dst: .*"192\.0\.2\.256"/],
  ["bad IPv6", (n) => n.add({ dst: "2001:db8:::1", dev: "v0" }), TypeError, /^spec\.dst: .*"2001:db8:::1"/],
  ["prefix instead of address", (n) => n.add({ dst: "192.0.2.1/24", dev: "v0" }), TypeError, /^spec\.dst: .*"192\.0\.2\.1\/24"/],
  ["no dst for an IP entry", (n) => n.add({ lladdr: LL, dev: "v0" }), TypeError, /^spec\.dst: required for an IP neighbour/],
  ["dst of the wrong family", (n) => n.add({ dst: "2001:db8::1", dev: "v0", family: 4 }), TypeError, /^spec\.dst: "2001:db8::1" is an IPv6 address but family is 4/],
  ["unknown family", (n) => n.add({ dst: "192.0.2.1", dev: "v0", family: 5 as never }), TypeError, /^spec\.family: expected "inet", "inet6", "bridge", 4 or 6, got 5/],
  // lladdr
  ["malformed MAC", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: "02:00:00:00:00:0g" }), TypeError, /^spec\.lladdr: invalid MAC address "02:00:00:00:00:0g"/],
  ["MAC with a 3-digit octet", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: "02:000:00:00:00:01" }), TypeError, /^spec\.lladdr: invalid MAC address/],
  ["MAC not a string", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: 5 as never }), TypeError, /^spec\.lladdr: expected a MAC address string/],
  ["MAC of 33 octets", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: Array(33).fill("01").join(":") }), RangeError, /^spec\.lladdr: MAC address .* has 33 octets/],
  // state / flags
  ["unknown state", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: "fresh" }), TypeError, /^spec\.state: unknown neighbour state "fresh"/],
  ["uppercase state", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: "PERMANENT" }), TypeError, /^spec\.state: unknown neighbour state "PERMANENT"/],
  ["empty state list", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: [] }), TypeError, /^spec\.state: expected a state name or a non-empty list/],
  ["unknown FDB state", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", state: "forever" }), TypeError, /^spec\.state: unknown FDB state "forever"/],
  ["unknown flag", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: ["fast"] }), TypeError, /^spec\.flags: unknown neighbour flag "fast"/],
  ["flags not an array", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: "router" as never }), TypeError, /^spec\.flags: expected an array of flag names/],
  ["raw flag bits", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: ["0x100"] }), TypeError, /^spec\.flags: unknown neighbour flag "0x100"/],
  ["unknown ext flag", (n) => n.add({ dst: "192.0.2.1", dev: "v0", extFlags: ["bogus"] }), TypeError, /^spec\.extFlags: unknown neighbour extended flag "bogus"/],
  ["proxy not a boolean", (n) => n.add({ dst: "192.0.2.1", dev: "v0", proxy: 1 as never }), TypeError, /^spec\.proxy: expected a boolean, got 1/],
  ["proxy with lladdr", (n) => n.add({ dst: "192.0.2.1", dev: "v0", proxy: true, lladdr: LL }), TypeError, /^spec\.lladdr: proxy entries carry no link-layer address/],
  ["unknown protocol", (n) => n.add({ dst: "192.0.2.1", dev: "v0", protocol: "carrier-pigeon" }), TypeError, /^spec\.protocol: unknown protocol "carrier-pigeon"/],
  ["protocol 256", (n) => n.add({ dst: "192.0.2.1", dev: "v0", protocol: 256 }), RangeError, /^spec\.protocol: protocol 256 is out of range/],
  // FDB-only options on IP entries, FDB requirements
  ["vlan on an IP entry", (n) => n.add({ dst: "192.0.2.1", dev: "v0", vlan: 5 }), TypeError, /^spec\.vlan: only bridge FDB entries/],
  ["vni on an IP entry", (n) => n.add({ dst: "192.0.2.1", dev: "v0", vni: 5 }), TypeError, /^spec\.vni: only bridge FDB entries/],
  ["FDB without lladdr", (n) => n.add({ family: "bridge", dev: "v1" }), TypeError, /^spec\.lladdr: required for a bridge FDB entry/],
  ["FDB proxy", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", proxy: true }), TypeError, /^spec\.proxy: bridge FDB entries cannot be proxy entries/],
  ["vlan 0", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", vlan: 0 }), RangeError, /^spec\.vlan: 0 is out of range 1\.\.4094/],
  ["vlan 4095", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", vlan: 4095 }), RangeError, /^spec\.vlan: 4095 is out of range 1\.\.4094/],
  ["port 65536", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", port: 65536 }), RangeError, /^spec\.port: 65536 is out of range 0\.\.65535/],
  ["vni 2^24", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", vni: 2 ** 24 }), RangeError, /^spec\.vni: 16777216 is out of range 0\.\.16777215/],
  ["fractional srcVni", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", srcVni: 1.5 }), TypeError, /^spec\.srcVni: expected an integer, got 1\.5/],
  ["bad via", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", via: "" }), TypeError, /^spec\.via: "" is not a valid interface name/],
  ["nhId 0", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", nhId: 0 }), RangeError, /^spec\.nhId: 0 is out of range/],
  // replace / change take the same checks
  ["replace with bad MAC", (n) => n.replace({ dst: "192.0.2.1", dev: "v0", lladdr: "xx" }), TypeError, /^spec\.lladdr: invalid MAC address "xx"/],
  ["change with bad state", (n) => n.change({ dst: "192.0.2.1", dev: "v0", state: ["stale", "old"] }), TypeError, /^spec\.state: unknown neighbour state "old"/],
  // delete
  ["delete: unknown key", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", state: "stale" } as never), TypeError, /^key\.state: unknown option/],
  ["delete: no dst", (n) => n.delete({ dev: "v0" }), TypeError, /^key\.dst: required for an IP neighbour/],
  ["delete: bad dst", (n) => n.delete({ dst: "192.0.2", dev: "v0" }), TypeError, /^key\.dst: .*"192\.0\.2"/],
  ["delete: FDB without lladdr", (n) => n.delete({ family: "bridge", dev: "v1" }), TypeError, /^key\.lladdr: required to delete a bridge FDB entry/],
  ["delete: vlan on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", vlan: 3 }), TypeError, /^key\.vlan: only bridge FDB entries/],
  ["delete: vni on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", vni: 3 }), TypeError, /^key\.vni: only bridge FDB entries/],
  ["delete: bad via", (n) => n.delete({ family: "bridge", lladdr: LL, dev: "vx0", via: 0 }), RangeError, /^key\.via: 0 is not a valid interface index/],
  ["delete: master on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", master: true }), TypeError, /^key\.master: only bridge FDB entries/],
  // list / flush filters
  ["filter: unknown key", (n) => n.list({ device: "v0" } as never), TypeError, /^filter\.device: unknown option/],
  ["filter: bad family", (n) => n.list({ family: "ipx" as never }), TypeError, /^filter\.family: expected "inet", "inet6", "bridge", 4 or 6, got "ipx"/],
  ["filter: bad link", (n) => n.list({ link: "a b" }), TypeError, /^filter\.link: "a b" is not a valid interface name/],
  ["filter: bad master", (n) => n.list({ master: -1 }), RangeError, /^filter\.master: -1 is not a valid interface index/],
  ["filter: unknown state", (n) => n.list({ state: ["stale", "STALE"] }), TypeError, /^filter\.state: unknown neighbour state "STALE"/],
  ["filter: proxy not boolean", (n) => n.list({ proxy: "yes" as never }), TypeError, /^filter\.proxy: expected a boolean, got "yes"/],
  ["filter: proxy FDB", (n) => n.list({ family: "bridge", proxy: true }), TypeError, /^filter\.proxy: there are no proxy FDB entries/],
  ["flush: bad filter", (n) => n.flush({ state: "gone" }), TypeError, /^filter\.state: unknown neighbour state "gone"/],
];

describe("neighbour API rejects bad input before any syscall", () => {
  itRefusesBeforeAnySyscall(CASES, (c) => [new NeighbourApi(c)]);
});
