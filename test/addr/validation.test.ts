/**
 * Bad input to the address API is refused before any syscall: each case
 * runs over a transport that throws on any I/O, and the TypeError or
 * RangeError must name the field and show the offending value.
 */
import { describe, expect, it } from "vitest";
import { AddressApi } from "../../lib/rtnl/address/api.ts";
import { ipv6Scope } from "../../lib/rtnl/address/spec.ts";
import { parseIPv6 } from "../../codecs/ip/index.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";
import { itRefusesBeforeAnySyscall, TYPE_OR_RANGE, type RefusalCase } from "../helpers/validation.ts";

const CASES: RefusalCase<[AddressApi]>[] = [
  // link
  ["link with '/'", (a) => a.add("a/b", "192.0.2.1/24"), TYPE_OR_RANGE, /^link: "a\/b"/],
  ["empty link", (a) => a.add("", "192.0.2.1/24"), TYPE_OR_RANGE, /^link: ""/],
  ["16-byte link name", (a) => a.add("abcdefghijklmnop", "192.0.2.1/24"), TYPE_OR_RANGE, /^link: "abcdefghijklmnop"/],
  ["link index 0", (a) => a.add(0, "192.0.2.1/24"), TYPE_OR_RANGE, /^link: 0 /],
  ["link index 1.5", (a) => a.delete(1.5, "192.0.2.1/24"), TYPE_OR_RANGE, /^link: 1\.5 /],
  ["link null", (a) => a.add(null as never, "192.0.2.1/24"), TYPE_OR_RANGE, /^link: .*null/],
  // cidr
  ["IPv4 octet 256", (a) => a.add("v0", "192.0.2.256/24"), TYPE_OR_RANGE, /^cidr: .*"192\.0\.2\.256\/24"/],
  ["IPv4 /33", (a) => a.add("v0", "192.0.2.1/33"), TYPE_OR_RANGE, /^cidr: prefix length 33 /],
  ["IPv6 /129", (a) => a.add("v0", "2001:db8::1/129"), TYPE_OR_RANGE, /^cidr: prefix length 129 /],
  ["bad IPv6", (a) => a.add("v0", "2001:db8:::1/64"), TYPE_OR_RANGE, /^cidr: .*"2001:db8:::1\/64"/],
  ["octal-looking prefix", (a) => a.add("v0", "192.0.2.1/024"), TYPE_OR_RANGE, /^cidr: .*"192\.0\.2\.1\/024"/],
  ["cidr not a string", (a) => a.add("v0", 42 as never), TYPE_OR_RANGE, /^cidr: /],
  ["delete bad cidr", (a) => a.delete("v0", "192.0.2.1/"), TYPE_OR_RANGE, /^cidr: .*"192\.0\.2\.1\/"/],
  // peer
  ["peer of another family", (a) => a.add("v0", "192.0.2.1", { peer: "2001:db8::2/128" }), TYPE_OR_RANGE, /^peer: "2001:db8::2\/128"/],
  ["bad peer", (a) => a.add("v0", "192.0.2.1", { peer: "192.0.2.x" }), TYPE_OR_RANGE, /^peer: .*"192\.0\.2\.x"/],
  ["prefix on both cidr and peer", (a) => a.add("v0", "192.0.2.1/24", { peer: "192.0.2.2/32" }), TYPE_OR_RANGE, /^cidr: "192\.0\.2\.1\/24"/],
  ["prefix on both: the hint shows the peer without its own prefix", (a) => a.add("v0", "198.51.100.1/24", { peer: "198.51.100.2/32" }), TYPE_OR_RANGE, /\(peer "198\.51\.100\.2\/N"\)$/],
  // broadcast
  ["broadcast on IPv6", (a) => a.add("v0", "2001:db8::1/64", { broadcast: "+" }), TYPE_OR_RANGE, /^broadcast: "\+"/],
  ["bad broadcast", (a) => a.add("v0", "192.0.2.1/24", { broadcast: "192.0.2.300" }), TYPE_OR_RANGE, /^broadcast: .*"192\.0\.2\.300"/],
  ["IPv6 broadcast on IPv4", (a) => a.add("v0", "192.0.2.1/24", { broadcast: "2001:db8::1" }), TYPE_OR_RANGE, /^broadcast: .*"2001:db8::1"/],
  // label
  ["empty label", (a) => a.add("v0", "192.0.2.1/24", { label: "" }), TYPE_OR_RANGE, /^label: ""/],
  ["16-byte label", (a) => a.add("v0", "192.0.2.1/24", { label: "v0:abcdefghijklm" }), TYPE_OR_RANGE, /^label: "v0:abcdefghijklm"/],
  ["label with a space", (a) => a.add("v0", "192.0.2.1/24", { label: "v0 x" }), TYPE_OR_RANGE, /^label: "v0 x"/],
  ["label not starting with the link name", (a) => a.add("v0", "192.0.2.1/24", { label: "eth0:1" }), TYPE_OR_RANGE, /^label: "eth0:1" must start with the link name "v0"/],
  ["label on IPv6", (a) => a.add("v0", "2001:db8::1/64", { label: "v0:6" }), TYPE_OR_RANGE, /^label: "v0:6"/],
  ["label not a string", (a) => a.add("v0", "192.0.2.1/24", { label: 7 as never }), TYPE_OR_RANGE, /^label: /],
  // scope
  ["unknown scope", (a) => a.add("v0", "192.0.2.1/24", { scope: "galaxy" }), TYPE_OR_RANGE, /^scope: unknown scope "galaxy"/],
  ["scope 256", (a) => a.add("v0", "192.0.2.1/24", { scope: 256 }), TYPE_OR_RANGE, /^scope: scope 256 /],
  ["link scope on a global IPv6 address", (a) => a.add("v0", "2001:db8::1/64", { scope: "link" }), TYPE_OR_RANGE, /^scope: "link" does not apply to 2001:db8::1/],
  // flags
  ["kernel-set flag", (a) => a.add("v0", "2001:db8::1/64", { flags: ["permanent"] }), TYPE_OR_RANGE, /^flags: "permanent" is set by the kernel/],
  ["unknown flag", (a) => a.add("v0", "2001:db8::1/64", { flags: ["fast"] }), TYPE_OR_RANGE, /^flags: "fast" is not an address flag/],
  ["flags not an array", (a) => a.add("v0", "2001:db8::1/64", { flags: "nodad" as never }), TYPE_OR_RANGE, /^flags: /],
  ["IPv6-only flag on IPv4", (a) => a.add("v0", "192.0.2.1/24", { flags: ["nodad"] }), TYPE_OR_RANGE, /^flags: "nodad" applies to IPv6/],
  // lifetimes
  ["validLft 0", (a) => a.add("v0", "2001:db8::1/64", { validLft: 0 }), TYPE_OR_RANGE, /^validLft: 0 /],
  ["negative validLft", (a) => a.add("v0", "2001:db8::1/64", { validLft: -1 }), TYPE_OR_RANGE, /^validLft: -1 /],
  ["fractional preferredLft", (a) => a.add("v0", "2001:db8::1/64", { preferredLft: 1.5 }), TYPE_OR_RANGE, /^preferredLft: 1\.5 /],
  ["validLft 'never'", (a) => a.add("v0", "2001:db8::1/64", { validLft: "never" as never }), TYPE_OR_RANGE, /^validLft: "never" /],
  ["validLft 2^32", (a) => a.add("v0", "2001:db8::1/64", { validLft: 2 ** 32 }), TYPE_OR_RANGE, /^validLft: 4294967296 /],
  ["preferred above valid", (a) => a.add("v0", "2001:db8::1/64", { validLft: 10, preferredLft: 20 }), TYPE_OR_RANGE, /^preferredLft: 20 is greater than validLft 10/],
  ["preferred forever, valid finite", (a) => a.replace("v0", "192.0.2.1/24", { validLft: 10, preferredLft: "forever" }), TYPE_OR_RANGE, /^preferredLft: forever is greater than validLft 10/],
  // metric, protocol, unknown options
  ["negative metric", (a) => a.add("v0", "192.0.2.1/24", { metric: -1 }), TYPE_OR_RANGE, /^metric: -1 /],
  ["metric as a string", (a) => a.add("v0", "192.0.2.1/24", { metric: "5" as never }), TYPE_OR_RANGE, /^metric: "5" /],
  ["unknown protocol", (a) => a.add("v0", "192.0.2.1/24", { protocol: "bgp" }), TYPE_OR_RANGE, /^protocol: unknown address protocol "bgp"/],
  ["protocol 256", (a) => a.add("v0", "192.0.2.1/24", { protocol: 256 }), TYPE_OR_RANGE, /^protocol: address protocol 256 /],
  ["misspelt option", (a) => a.add("v0", "192.0.2.1/24", { lable: "v0:1" } as never), TYPE_OR_RANGE, /^opts\.lable: unknown option/],
  // list and flush filters
  ["list family 5", (a) => a.list({ family: 5 as never }), TYPE_OR_RANGE, /^filter\.family: 5 /],
  ["list bad scope", (a) => a.list({ scope: "everywhere" }), TYPE_OR_RANGE, /^filter\.scope: unknown scope "everywhere"/],
  ["list bad link", (a) => a.list({ link: "a b" }), TYPE_OR_RANGE, /^filter\.link: "a b"/],
  ["list label not a string", (a) => a.list({ label: 1 as never }), TYPE_OR_RANGE, /^filter\.label: /],
  ["list label with a NUL byte", (a) => a.list({ label: "v0:\0" }), TYPE_OR_RANGE, /^filter\.label: "v0:\\u0000" contains a NUL byte/],
  ["list unknown filter", (a) => a.list({ dev: "v0" } as never), TYPE_OR_RANGE, /^filter\.dev: unknown option/],
  ["flush with no selector", (a) => a.flush({}), TYPE_OR_RANGE, /^filter: flush needs at least one of link, family, scope/],
  ["flush by label", (a) => a.flush({ label: "v0:*" } as never), TYPE_OR_RANGE, /^filter\.label: unknown option/],
  ["flush family 'ipv4'", (a) => a.flush({ family: "ipv4" as never }), TYPE_OR_RANGE, /^filter\.family: "ipv4" /],
];

describe("address API input validation (no syscall)", () => {
  itRefusesBeforeAnySyscall(CASES, (c) => [new AddressApi(c)], (what) => `refuses ${what}`);

  it("checks the label against the link's name once an index is resolved (one RTM_GETLINK, no RTM_NEWADDR)", () => {
    const { conn, kernel } = fakeConn({ links: { v0: 3 } });
    expect(() => new AddressApi(conn).add(3, "192.0.2.1/24", { label: "eth0:1" })).toThrow(/^label: "eth0:1" must start with the link name "v0"/);
    expect(kernel.sent.map((d) => d[4])).toEqual([18]);
  });

  it("accepts the spec spellings of flags and names of protocols", () => {
    const { conn, kernel } = fakeConn({ links: { v0: 3 } });
    new AddressApi(conn).add("v0", "2001:db8::1/64", { flags: ["managetempaddr", "homeaddress"], protocol: "kernel_ra", scope: "global" });
    expect(kernel.sent.length).toBe(2);
  });

  it("derives IPv6 scopes as the kernel does", () => {
    const s = (a: string): number => ipv6Scope(parseIPv6(a));
    expect([s("2001:db8::1"), s("::1"), s("fe80::1"), s("febf::1"), s("fec0::1"), s("ff02::1"), s("ff05::2"), s("ff01::1"), s("ff0e::1")])
      .toEqual([0, 254, 253, 253, 200, 253, 200, 254, 0]);
  });
});
