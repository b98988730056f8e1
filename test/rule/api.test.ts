/**
 * Rule API behaviour over a fake kernel: list() without a family dumps
 * AF_UNSPEC and keeps only IPv4/IPv6 rules (not ipmr/ip6mr ones), and
 * specOf turns a listed rule into the spec that deletes exactly it.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { ruleMessage, type RuleMessage } from "../../codecs/rule/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { RuleApi, specOf } from "../../lib/rtnl/rule/api.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";

function payload(m: RuleMessage): Uint8Array {
  const w = new NlWriter();
  ruleMessage.encode(w, m);
  return w.toBytes();
}
const rule = (family: number, priority: number, extra: Partial<RuleMessage> = {}): RuleMessage =>
  ({ family, dstLen: 0, srcLen: 0, tos: 0, table: "main", action: "table", flags: [], attrs: { priority, table: "main", suppressPrefixlen: 0xffffffff, protocol: "kernel" }, ...extra });

describe("rule API over a fake kernel", () => {
  it("list() keeps IPv4 and IPv6 rules of an AF_UNSPEC dump", () => {
    const { conn, kernel } = fakeConn();
    kernel.dumps[RTM.GETRULE] = [rule(2, 0), rule(128, 0), rule(10, 5), rule(129, 7)].map((m) => [RTM.NEWRULE, payload(m)]);
    const api = new RuleApi(conn);
    expect(api.list().map((r) => [r.family, r.priority])).toEqual([["inet", 0], ["inet6", 5]]);
    const m = splitMessages(kernel.requestsOf(RTM.GETRULE)[0]!)[0]!;
    expect(ruleMessage.decode(m.buf, m.dv, m.payload, m.end)).toMatchObject({ family: 0, table: "unspec", action: "unspec", attrs: {} });
  });

  it("specOf reproduces selectors and action; suppress values and flags stay out", () => {
    const { conn, kernel } = fakeConn();
    kernel.dumps[RTM.GETRULE] = [rule(2, 100, {
      srcLen: 24, flags: ["invert", "unresolved"], action: "goto", table: "unspec",
      attrs: { priority: 100, src: "192.0.2.0", goto: 200, fwmark: 1, fwmask: 0xffffffff, ipProto: "tcp", sportRange: { start: 1, end: 2 }, suppressPrefixlen: 0xffffffff, protocol: "static" },
    })].map((m) => [RTM.NEWRULE, payload(m)]);
    const r = new RuleApi(conn).list(4)[0]!;
    expect(specOf(r)).toEqual({ family: "inet", priority: 100, action: "goto", from: "192.0.2.0/24", not: true, fwmark: 1, fwmask: 0xffffffff, goto: 200, ipProto: "tcp", sport: { start: 1, end: 2 } });
  });
});
