/**
 * Bad input to the rule API is refused before any syscall: each case runs
 * over a transport that throws on any I/O, and the TypeError or RangeError
 * must name the field and show the offending value.
 */
import { describe, expect, it } from "vitest";
import { RuleApi } from "../../lib/rtnl/rules.ts";
import { noSyscallConn } from "../helpers/fake-kernel.ts";

type Call = (r: RuleApi) => unknown;

const CASES: Array<[string, Call, RegExp, "type" | "range"]> = [
  ["spec not an object", (r) => r.add("from all" as never), /^spec: expected an object, got string/, "type"],
  ["unknown option", (r) => r.add({ lookup: 100 } as never), /^spec\.lookup: unknown option/, "type"],
  ["bad family", (r) => r.add({ family: 10 as never }), /^spec\.family: expected 4 or 6, got 10/, "type"],
  ["list: bad family", (r) => r.list("inet" as never), /^family: expected 4 or 6, got "inet"/, "type"],
  // prefixes
  ["bad from", (r) => r.add({ from: "192.0.2.0/2x" }), /^spec\.from: .*"192\.0\.2\.0\/2x"/, "type"],
  ["IPv4 /33", (r) => r.add({ from: "192.0.2.0/33" }), /^spec\.from: prefix length 33 is out of range 0\.\.32/, "range"],
  ["IPv6 /129", (r) => r.add({ to: "2001:db8::/129" }), /^spec\.to: prefix length 129 is out of range 0\.\.128/, "range"],
  ["from of the wrong family", (r) => r.add({ family: 6, from: "192.0.2.0/24" }), /^spec\.from: "192\.0\.2\.0\/24" is an IPv4 prefix but family is 6/, "type"],
  ["from and to of different families", (r) => r.add({ from: "192.0.2.0/24", to: "2001:db8::/32" }), /^spec\.to: "2001:db8::\/32" is an IPv6 prefix but family is 4/, "type"],
  // interfaces
  ["iif with a space", (r) => r.add({ iif: "v 0" }), /^spec\.iif: "v 0" is not a valid interface name/, "type"],
  ["oif too long", (r) => r.add({ oif: "0123456789abcdef" }), /^spec\.oif: "0123456789abcdef"/, "type"],
  ["iif as an index", (r) => r.add({ iif: 3 as never }), /^spec\.iif: expected an interface name string/, "type"],
  // numbers
  ["priority -1", (r) => r.add({ priority: -1 }), /^spec\.priority: -1 is out of range 0\.\.4294967295/, "range"],
  ["priority 2^32", (r) => r.add({ priority: 2 ** 32 }), /^spec\.priority: 4294967296 is out of range/, "range"],
  ["fractional priority", (r) => r.add({ priority: 1.5 }), /^spec\.priority: expected an integer, got 1\.5/, "type"],
  ["fwmark 2^32", (r) => r.add({ fwmark: 2 ** 32 }), /^spec\.fwmark: 4294967296 is out of range/, "range"],
  ["fwmask without fwmark", (r) => r.add({ fwmask: 0xff }), /^spec\.fwmask: needs fwmark/, "type"],
  ["tos 256", (r) => r.add({ tos: 256 }), /^spec\.tos: 256 is out of range 0\.\.255/, "range"],
  ["dscp 64", (r) => r.add({ dscp: 64 }), /^spec\.dscp: 64 is out of range 0\.\.63/, "range"],
  ["dscp with tos", (r) => r.add({ dscp: 10, tos: 0x10 }), /^spec\.dscp: not together with tos/, "type"],
  // table / action / goto
  ["table 0", (r) => r.add({ table: 0 }), /^spec\.table: 0 is out of range 1\.\.4294967295/, "range"],
  ["unknown table name", (r) => r.add({ table: "mian" as never }), /^spec\.table: unknown table "mian"/, "type"],
  ["unknown action", (r) => r.add({ action: "drop" as never }), /^spec\.action: unknown rule action "drop"/, "type"],
  ["table with a blackhole action", (r) => r.add({ table: 100, action: "blackhole" }), /^spec\.table: only for action "table", not "blackhole"/, "type"],
  ["goto with another action", (r) => r.add({ goto: 100, action: "nop" }), /^spec\.goto: only for action "goto", not "nop"/, "type"],
  ["goto action without target", (r) => r.add({ action: "goto" }), /^spec\.goto: required for action "goto"/, "type"],
  ["backward goto", (r) => r.add({ priority: 100, goto: 50 }), /^spec\.goto: 50 must be above priority 100/, "range"],
  ["l3mdev with table", (r) => r.add({ l3mdev: true, table: 10 }), /^spec\.l3mdev: l3mdev and table are mutually exclusive/, "type"],
  ["l3mdev not boolean", (r) => r.add({ l3mdev: 1 as never }), /^spec\.l3mdev: expected a boolean, got 1/, "type"],
  ["not not boolean", (r) => r.add({ not: "yes" as never }), /^spec\.not: expected a boolean, got "yes"/, "type"],
  // suppress
  ["suppressPrefixlen 33 on IPv4", (r) => r.add({ suppressPrefixlen: 33 }), /^spec\.suppressPrefixlen: 33 is out of range 0\.\.32/, "range"],
  ["suppressPrefixlen 129 on IPv6", (r) => r.add({ family: 6, suppressPrefixlen: 129 }), /^spec\.suppressPrefixlen: 129 is out of range 0\.\.128/, "range"],
  ["suppressIfgroup 2^32-1", (r) => r.add({ suppressIfgroup: 2 ** 32 - 1 }), /^spec\.suppressIfgroup: 4294967295 is out of range/, "range"],
  // ranges and protocols
  ["uidRange start after end", (r) => r.add({ uidRange: { start: 200, end: 100 } }), /^spec\.uidRange: start 200 is after end 100/, "range"],
  ["uidRange missing end", (r) => r.add({ uidRange: { start: 1 } as never }), /^spec\.uidRange\.end: expected an integer, got undefined/, "type"],
  ["uidRange extra key", (r) => r.add({ uidRange: { start: 1, end: 2, step: 1 } as never }), /^spec\.uidRange\.step: unknown option/, "type"],
  ["sport 0", (r) => r.add({ sport: 0 }), /^spec\.sport: 0 is out of range 1\.\.65534/, "range"],
  ["dport 65535", (r) => r.add({ dport: 65535 }), /^spec\.dport: 65535 is out of range 1\.\.65534/, "range"],
  ["dport range reversed", (r) => r.add({ dport: { start: 2000, end: 1000 } }), /^spec\.dport: start 2000 is after end 1000/, "range"],
  ["sport range end 70000", (r) => r.add({ sport: { start: 1, end: 70000 } }), /^spec\.sport\.end: 70000 is out of range/, "range"],
  ["unknown ipProto", (r) => r.add({ ipProto: "tcpp" }), /^spec\.ipProto: unknown IP protocol "tcpp"/, "type"],
  ["ipProto 256", (r) => r.add({ ipProto: 256 }), /^spec\.ipProto: IP protocol 256 is out of range/, "range"],
  ["unknown protocol", (r) => r.add({ protocol: "ospf3" }), /^spec\.protocol: unknown protocol "ospf3"/, "type"],
  // family-specific selectors
  ["realms on IPv6", (r) => r.add({ family: 6, flow: 5 }), /^spec\.flow: realms exist for IPv4 rules only/, "type"],
  ["flowlabel on IPv4", (r) => r.add({ flowlabel: 5 }), /^spec\.flowlabel: flow labels exist for IPv6 rules only/, "type"],
  ["flowlabel above 20 bits", (r) => r.add({ family: 6, flowlabel: 0x100000 }), /^spec\.flowlabel: 1048576 is out of range/, "range"],
  ["flowlabelMask without flowlabel", (r) => r.add({ family: 6, flowlabelMask: 1 }), /^spec\.flowlabelMask: needs flowlabel/, "type"],
  ["negative tunId", (r) => r.add({ tunId: -1n }), /^spec\.tunId: -1 is out of range/, "range"],
  // delete takes the same checks
  ["delete: bad from", (r) => r.delete({ from: "x" }), /^spec\.from: invalid prefix "x"/, "type"],
  ["delete: priority out of range", (r) => r.delete({ priority: -5 }), /^spec\.priority: -5 is out of range/, "range"],
];

describe("rule API rejects bad input before any syscall", () => {
  for (const [what, call, msg, kind] of CASES) {
    it(what, () => {
      const api = new RuleApi(noSyscallConn());
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
