/**
 * The rule API sends the same bytes as iproute2 for the same command: each
 * fixtures/iproute2/rule-*.json (captured by
 * fixtures/rule/iproute2-captures.ts with strace) is compared with what
 * the API puts on the wire over a fake kernel, seq and pid aside.
 */
import { RTM } from "../../codecs/rtnetlink.ts";
import { RULE_CAPTURES } from "../../fixtures/rule/iproute2-captures.ts";
import { RuleApi } from "../../lib/rtnl/rule/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

/** The API call for each captured command. */
const CALLS: Record<string, (r: RuleApi) => void> = {
  "rule-add-from-table": (r) => r.add({ from: "192.0.2.0/24", table: 100 }),
  "rule-add-default-main": (r) => r.add({ from: "198.51.100.0/24" }),
  "rule-add-to-pref-table-1000": (r) => r.add({ to: "192.0.2.0/24", priority: 50, table: 1000 }),
  "rule-add-fwmark-iif-oif": (r) => r.add({ fwmark: 0x10, fwmask: 0xff, iif: "v0", oif: "v1", priority: 100, table: "main" }),
  "rule-add-not-goto": (r) => r.add({ not: true, from: "198.51.100.0/24", priority: 90, goto: 100 }),
  "rule-add-uid-ipproto-ports": (r) => r.add({ uidRange: { start: 100, end: 200 }, ipProto: "tcp", sport: 80, dport: { start: 1000, end: 2000 }, table: "main", suppressPrefixlen: 0 }),
  "rule-add-tos-nop": (r) => r.add({ tos: 0x10, action: "nop" }),
  "rule-add-l3mdev": (r) => r.add({ l3mdev: true, priority: 1000 }),
  "rule-add-protocol-unreachable": (r) => r.add({ protocol: "static", priority: 1001, action: "unreachable" }),
  "rule-add-suppress-ifgroup": (r) => r.add({ priority: 1003, table: 1234, suppressIfgroup: 5 }),
  "rule-add-realms": (r) => r.add({ from: "192.0.2.0/24", flow: 5, table: 10 }),
  "rule-add-tun-id": (r) => r.add({ tunId: 5n, table: 10 }),
  "rule-add-v6-blackhole": (r) => r.add({ family: 6, from: "2001:db8::/32", action: "blackhole" }),
  "rule-add-v6-prohibit": (r) => r.add({ family: 6, to: "2001:db8:1::/48", priority: 1002, action: "prohibit" }),
  "rule-add-v6-iif-udp": (r) => r.add({ from: "2001:db8::/32", iif: "v0", ipProto: "udp", dport: 53, priority: 2000, table: 200 }),
  "rule-add-v6-fwmark-main": (r) => r.add({ family: 6, fwmark: 1, priority: 2001, table: "main", suppressPrefixlen: 64 }),
  "rule-del-pref": (r) => r.delete({ priority: 100 }),
  "rule-del-from-table": (r) => r.delete({ from: "192.0.2.0/24", table: 100 }),
  "rule-del-v6-blackhole": (r) => r.delete({ family: 6, from: "2001:db8::/32", action: "blackhole" }),
};

describeIproute2Bytes("rule requests equal iproute2's", {
  captures: RULE_CAPTURES, calls: CALLS, api: (c) => new RuleApi(c), types: [RTM.NEWRULE, RTM.DELRULE, RTM.GETRULE], links: {},
});
