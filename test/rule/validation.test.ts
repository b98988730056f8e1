/**
 * Bad input to the rule API is refused before any syscall: each case runs
 * over a transport that throws on any I/O, and the TypeError or RangeError
 * must name the field and show the offending value.
 */
import { describe } from "vitest";
import { RuleApi } from "../../lib/rtnl/rule/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";


const CASES: RefusalCase<[RuleApi]>[] = [
  ["spec not an object", (r) => r.add("from all" as never), TypeError, /^spec: expected an object, got string/],
  ["unknown option", (r) => r.add({ lookup: 100 } as never), TypeError, /^spec\.lookup: unknown option/],
  ["bad family", (r) => r.add({ family: 10 as never }), TypeError, /^spec\.family: expected "inet", "inet6", 4 or 6, got 10/],
  ["list: bad family", (r) => r.list("ipx" as never), TypeError, /^family: "ipx" is not a family here \(expected inet, inet6, or 4\/6\)/],
  // prefixes
  ["bad from", (r) => r.add({ from: "192.0.2.0/2x" }), TypeError, /^spec\.from: .*"192\.0\.2\.0\/2x"/],
  ["IPv4 /33", (r) => r.add({ from: "192.0.2.0/33" }), RangeError, /^spec\.from: prefix length 33 is out of range 0\.\.32/],
  ["IPv6 /129", (r) => r.add({ to: "2001:db8::/129" }), RangeError, /^spec\.to: prefix length 129 is out of range 0\.\.128/],
  ["from of the wrong family", (r) => r.add({ family: 6, from: "192.0.2.0/24" }), TypeError, /^spec\.from: "192\.0\.2\.0\/24" is an IPv4 prefix but family is 6/],
  ["from and to of different families", (r) => r.add({ from: "192.0.2.0/24", to: "2001:db8::/32" }), TypeError, /^spec\.to: "2001:db8::\/32" is an IPv6 prefix but family is 4/],
  // interfaces
  ["iif with a space", (r) => r.add({ iif: "v 0" }), TypeError, /^spec\.iif: "v 0" is not a valid interface name/],
  ["oif too long", (r) => r.add({ oif: "0123456789abcdef" }), TypeError, /^spec\.oif: "0123456789abcdef"/],
  ["iif as an index", (r) => r.add({ iif: 3 as never }), TypeError, /^spec\.iif: expected an interface name string/],
  // numbers
  ["priority -1", (r) => r.add({ priority: -1 }), RangeError, /^spec\.priority: -1 is out of range 0\.\.4294967295/],
  ["priority 2^32", (r) => r.add({ priority: 2 ** 32 }), RangeError, /^spec\.priority: 4294967296 is out of range/],
  ["fractional priority", (r) => r.add({ priority: 1.5 }), TypeError, /^spec\.priority: expected an integer, got 1\.5/],
  ["fwmark 2^32", (r) => r.add({ fwmark: 2 ** 32 }), RangeError, /^spec\.fwmark: 4294967296 is out of range/],
  ["fwmask without fwmark", (r) => r.add({ fwmask: 0xff }), TypeError, /^spec\.fwmask: needs fwmark/],
  ["tos 256", (r) => r.add({ tos: 256 }), RangeError, /^spec\.tos: 256 is out of range 0\.\.255/],
  ["dscp 64", (r) => r.add({ dscp: 64 }), RangeError, /^spec\.dscp: 64 is out of range 0\.\.63/],
  ["dscp with tos", (r) => r.add({ dscp: 10, tos: 0x10 }), TypeError, /^spec\.dscp: not together with tos/],
  // table / action / goto
  ["table 0", (r) => r.add({ table: 0 }), RangeError, /^spec\.table: 0 is out of range 1\.\.4294967295/],
  ["unknown table name", (r) => r.add({ table: "mian" as never }), TypeError, /^spec\.table: unknown table "mian"/],
  ["unknown action", (r) => r.add({ action: "drop" as never }), TypeError, /^spec\.action: unknown rule action "drop"/],
  ["table with a blackhole action", (r) => r.add({ table: 100, action: "blackhole" }), TypeError, /^spec\.table: only for action "table", not "blackhole"/],
  ["goto with another action", (r) => r.add({ goto: 100, action: "nop" }), TypeError, /^spec\.goto: only for action "goto", not "nop"/],
  ["goto action without target", (r) => r.add({ action: "goto" }), TypeError, /^spec\.goto: required for action "goto"/],
  ["backward goto", (r) => r.add({ priority: 100, goto: 50 }), RangeError, /^spec\.goto: 50 must be above priority 100/],
  ["l3mdev with table", (r) => r.add({ l3mdev: true, table: 10 }), TypeError, /^spec\.l3mdev: l3mdev and table are mutually exclusive/],
  ["l3mdev not boolean", (r) => r.add({ l3mdev: 1 as never }), TypeError, /^spec\.l3mdev: expected a boolean, got 1/],
  ["not not boolean", (r) => r.add({ not: "yes" as never }), TypeError, /^spec\.not: expected a boolean, got "yes"/],
  // suppress
  // the kernel's int field (-1: none); lengths beyond the address width are its to take (every route suppressed)
  ["suppressPrefixlen 2^31", (r) => r.add({ suppressPrefixlen: 2 ** 31 }), RangeError, /^spec\.suppressPrefixlen: 2147483648 is out of range 0\.\.2147483647/],
  ["suppressPrefixlen -1", (r) => r.add({ family: 6, suppressPrefixlen: -1 }), RangeError, /^spec\.suppressPrefixlen: -1 is out of range 0\.\.2147483647/],
  ["suppressIfgroup 2^32-1", (r) => r.add({ suppressIfgroup: 2 ** 32 - 1 }), RangeError, /^spec\.suppressIfgroup: 4294967295 is out of range/],
  // ranges and protocols
  ["uidRange start after end", (r) => r.add({ uidRange: { start: 200, end: 100 } }), RangeError, /^spec\.uidRange: start 200 is after end 100/],
  ["uidRange missing end", (r) => r.add({ uidRange: { start: 1 } as never }), TypeError, /^spec\.uidRange\.end: expected an integer, got undefined/],
  ["uidRange extra key", (r) => r.add({ uidRange: { start: 1, end: 2, step: 1 } as never }), TypeError, /^spec\.uidRange\.step: unknown option/],
  ["sport 0", (r) => r.add({ sport: 0 }), RangeError, /^spec\.sport: 0 is out of range 1\.\.65534/],
  ["dport 65535", (r) => r.add({ dport: 65535 }), RangeError, /^spec\.dport: 65535 is out of range 1\.\.65534/],
  ["dport range reversed", (r) => r.add({ dport: { start: 2000, end: 1000 } }), RangeError, /^spec\.dport: start 2000 is after end 1000/],
  ["sport range end 70000", (r) => r.add({ sport: { start: 1, end: 70000 } }), RangeError, /^spec\.sport\.end: 70000 is out of range/],
  ["unknown ipProto", (r) => r.add({ ipProto: "tcpp" }), TypeError, /^spec\.ipProto: unknown IP protocol "tcpp"/],
  ["ipProto 256", (r) => r.add({ ipProto: 256 }), RangeError, /^spec\.ipProto: IP protocol 256 is out of range/],
  ["unknown protocol", (r) => r.add({ protocol: "ospf3" }), TypeError, /^spec\.protocol: unknown protocol "ospf3"/],
  // family-specific selectors
  ["realms on IPv6", (r) => r.add({ family: 6, flow: 5 }), TypeError, /^spec\.flow: realms exist for IPv4 rules only/],
  ["flowlabel on IPv4", (r) => r.add({ flowlabel: 5 }), TypeError, /^spec\.flowlabel: flow labels exist for IPv6 rules only/],
  ["flowlabel above 20 bits", (r) => r.add({ family: 6, flowlabel: 0x100000 }), RangeError, /^spec\.flowlabel: 1048576 is out of range/],
  ["flowlabelMask without flowlabel", (r) => r.add({ family: 6, flowlabelMask: 1 }), TypeError, /^spec\.flowlabelMask: needs flowlabel/],
  ["negative tunId", (r) => r.add({ tunId: -1n }), RangeError, /^spec\.tunId: -1 is out of range/],
  // delete takes the same checks
  ["delete: bad from", (r) => r.delete({ from: "x" }), TypeError, /^spec\.from: invalid prefix "x"/],
  ["delete: priority out of range", (r) => r.delete({ priority: -5 }), RangeError, /^spec\.priority: -5 is out of range/],
];

describe("rule API rejects bad input before any syscall", () => {
  itRefusesBeforeAnySyscall(CASES, (c) => [new RuleApi(c)]);
});
