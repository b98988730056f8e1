/**
 * Bad input to the neighbour API is refused before any syscall: each case
 * runs over a transport that throws on any I/O, and the TypeError or
 * RangeError must name the field and show the offending value.
 */
import { describe, expect, it } from "vitest";
import { NeighbourApi } from "../../lib/rtnl/neighbours.ts";
import { noSyscallConn } from "../helpers/fake-kernel.ts";

type Call = (n: NeighbourApi) => unknown;
const LL = "02:00:00:00:00:01";

const CASES: Array<[string, Call, RegExp, "type" | "range"]> = [
  // the spec object
  ["spec not an object", (n) => n.add(null as never), /^spec: expected an object, got null/, "type"],
  ["unknown option", (n) => n.add({ dst: "192.0.2.1", dev: "v0", nud: "stale" } as never), /^spec\.nud: unknown option/, "type"],
  // dev
  ["dev missing", (n) => n.add({ dst: "192.0.2.1" } as never), /^spec\.dev: expected an interface name or index, got undefined/, "type"],
  ["dev with '/'", (n) => n.add({ dst: "192.0.2.1", dev: "a/b" }), /^spec\.dev: "a\/b" is not a valid interface name/, "type"],
  ["dev name too long", (n) => n.add({ dst: "192.0.2.1", dev: "abcdefghijklmnop" }), /^spec\.dev: "abcdefghijklmnop"/, "type"],
  ["dev index 0", (n) => n.add({ dst: "192.0.2.1", dev: 0 }), /^spec\.dev: 0 is not a valid interface index/, "range"],
  // dst / family
  ["bad IPv4", (n) => n.add({ dst: "192.0.2.256", dev: "v0" }), /^spec\.dst: .*"192\.0\.2\.256"/, "type"],
  ["bad IPv6", (n) => n.add({ dst: "2001:db8:::1", dev: "v0" }), /^spec\.dst: .*"2001:db8:::1"/, "type"],
  ["prefix instead of address", (n) => n.add({ dst: "192.0.2.1/24", dev: "v0" }), /^spec\.dst: .*"192\.0\.2\.1\/24"/, "type"],
  ["no dst for an IP entry", (n) => n.add({ lladdr: LL, dev: "v0" }), /^spec\.dst: required for an IP neighbour/, "type"],
  ["dst of the wrong family", (n) => n.add({ dst: "2001:db8::1", dev: "v0", family: 4 }), /^spec\.dst: "2001:db8::1" is an IPv6 address but family is 4/, "type"],
  ["unknown family", (n) => n.add({ dst: "192.0.2.1", dev: "v0", family: 5 as never }), /^spec\.family: expected 4, 6 or "bridge", got 5/, "type"],
  // lladdr
  ["malformed MAC", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: "02:00:00:00:00:0g" }), /^spec\.lladdr: invalid MAC address "02:00:00:00:00:0g"/, "type"],
  ["MAC with a 3-digit octet", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: "02:000:00:00:00:01" }), /^spec\.lladdr: invalid MAC address/, "type"],
  ["MAC not a string", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: 5 as never }), /^spec\.lladdr: expected a MAC address string/, "type"],
  ["MAC of 33 octets", (n) => n.add({ dst: "192.0.2.1", dev: "v0", lladdr: Array(33).fill("01").join(":") }), /^spec\.lladdr: MAC address .* has 33 octets/, "range"],
  // state / flags
  ["unknown state", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: "fresh" }), /^spec\.state: unknown neighbour state "fresh"/, "type"],
  ["uppercase state", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: "PERMANENT" }), /^spec\.state: unknown neighbour state "PERMANENT"/, "type"],
  ["empty state list", (n) => n.add({ dst: "192.0.2.1", dev: "v0", state: [] }), /^spec\.state: expected a state name or a non-empty list/, "type"],
  ["unknown FDB state", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", state: "forever" }), /^spec\.state: unknown FDB state "forever"/, "type"],
  ["unknown flag", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: ["fast"] }), /^spec\.flags: unknown neighbour flag "fast"/, "type"],
  ["flags not an array", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: "router" as never }), /^spec\.flags: expected an array of flag names/, "type"],
  ["raw flag bits", (n) => n.add({ dst: "192.0.2.1", dev: "v0", flags: ["0x100"] }), /^spec\.flags: unknown neighbour flag "0x100"/, "type"],
  ["unknown ext flag", (n) => n.add({ dst: "192.0.2.1", dev: "v0", extFlags: ["bogus"] }), /^spec\.extFlags: unknown neighbour extended flag "bogus"/, "type"],
  ["proxy not a boolean", (n) => n.add({ dst: "192.0.2.1", dev: "v0", proxy: 1 as never }), /^spec\.proxy: expected a boolean, got 1/, "type"],
  ["proxy with lladdr", (n) => n.add({ dst: "192.0.2.1", dev: "v0", proxy: true, lladdr: LL }), /^spec\.lladdr: proxy entries carry no link-layer address/, "type"],
  ["unknown protocol", (n) => n.add({ dst: "192.0.2.1", dev: "v0", protocol: "carrier-pigeon" }), /^spec\.protocol: unknown protocol "carrier-pigeon"/, "type"],
  ["protocol 256", (n) => n.add({ dst: "192.0.2.1", dev: "v0", protocol: 256 }), /^spec\.protocol: protocol 256 is out of range/, "range"],
  // FDB-only options on IP entries, FDB requirements
  ["vlan on an IP entry", (n) => n.add({ dst: "192.0.2.1", dev: "v0", vlan: 5 }), /^spec\.vlan: only bridge FDB entries/, "type"],
  ["vni on an IP entry", (n) => n.add({ dst: "192.0.2.1", dev: "v0", vni: 5 }), /^spec\.vni: only bridge FDB entries/, "type"],
  ["FDB without lladdr", (n) => n.add({ family: "bridge", dev: "v1" }), /^spec\.lladdr: required for a bridge FDB entry/, "type"],
  ["FDB proxy", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", proxy: true }), /^spec\.proxy: bridge FDB entries cannot be proxy entries/, "type"],
  ["vlan 0", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", vlan: 0 }), /^spec\.vlan: 0 is out of range 1\.\.4094/, "range"],
  ["vlan 4095", (n) => n.add({ family: "bridge", lladdr: LL, dev: "v1", vlan: 4095 }), /^spec\.vlan: 4095 is out of range 1\.\.4094/, "range"],
  ["port 65536", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", port: 65536 }), /^spec\.port: 65536 is out of range 0\.\.65535/, "range"],
  ["vni 2^24", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", vni: 2 ** 24 }), /^spec\.vni: 16777216 is out of range 0\.\.16777215/, "range"],
  ["fractional srcVni", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", srcVni: 1.5 }), /^spec\.srcVni: expected an integer, got 1\.5/, "type"],
  ["bad via", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", via: "" }), /^spec\.via: "" is not a valid interface name/, "type"],
  ["nhId 0", (n) => n.add({ family: "bridge", lladdr: LL, dev: "vx0", nhId: 0 }), /^spec\.nhId: 0 is out of range/, "range"],
  // replace / change take the same checks
  ["replace with bad MAC", (n) => n.replace({ dst: "192.0.2.1", dev: "v0", lladdr: "xx" }), /^spec\.lladdr: invalid MAC address "xx"/, "type"],
  ["change with bad state", (n) => n.change({ dst: "192.0.2.1", dev: "v0", state: ["stale", "old"] }), /^spec\.state: unknown neighbour state "old"/, "type"],
  // delete
  ["delete: unknown key", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", state: "stale" } as never), /^key\.state: unknown option/, "type"],
  ["delete: no dst", (n) => n.delete({ dev: "v0" }), /^key\.dst: required for an IP neighbour/, "type"],
  ["delete: bad dst", (n) => n.delete({ dst: "192.0.2", dev: "v0" }), /^key\.dst: .*"192\.0\.2"/, "type"],
  ["delete: FDB without lladdr", (n) => n.delete({ family: "bridge", dev: "v1" }), /^key\.lladdr: required to delete a bridge FDB entry/, "type"],
  ["delete: vlan on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", vlan: 3 }), /^key\.vlan: only bridge FDB entries/, "type"],
  ["delete: vni on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", vni: 3 }), /^key\.vni: only bridge FDB entries/, "type"],
  ["delete: bad via", (n) => n.delete({ family: "bridge", lladdr: LL, dev: "vx0", via: 0 }), /^key\.via: 0 is not a valid interface index/, "range"],
  ["delete: master on IP entry", (n) => n.delete({ dst: "192.0.2.1", dev: "v0", master: true }), /^key\.master: only bridge FDB entries/, "type"],
  // list / flush filters
  ["filter: unknown key", (n) => n.list({ device: "v0" } as never), /^filter\.device: unknown option/, "type"],
  ["filter: bad family", (n) => n.list({ family: "inet" as never }), /^filter\.family: expected 4, 6 or "bridge", got "inet"/, "type"],
  ["filter: bad link", (n) => n.list({ link: "a b" }), /^filter\.link: "a b" is not a valid interface name/, "type"],
  ["filter: bad master", (n) => n.list({ master: -1 }), /^filter\.master: -1 is not a valid interface index/, "range"],
  ["filter: unknown state", (n) => n.list({ state: ["stale", "STALE"] }), /^filter\.state: unknown neighbour state "STALE"/, "type"],
  ["filter: proxy not boolean", (n) => n.list({ proxy: "yes" as never }), /^filter\.proxy: expected a boolean, got "yes"/, "type"],
  ["filter: proxy FDB", (n) => n.list({ family: "bridge", proxy: true }), /^filter\.proxy: there are no proxy FDB entries/, "type"],
  ["flush: bad filter", (n) => n.flush({ state: "gone" }), /^filter\.state: unknown neighbour state "gone"/, "type"],
];

describe("neighbour API rejects bad input before any syscall", () => {
  for (const [what, call, msg, kind] of CASES) {
    it(what, () => {
      const api = new NeighbourApi(noSyscallConn());
      let err: unknown;
      try {
        call(api);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(kind === "type" ? TypeError : RangeError);
      expect((err as Error).message).toMatch(msg);
    });
  }
});
