/**
 * `action csum|nat|simple|connmark` command lines (tdc actions/csum.json,
 * nat.json, simple.json, connmark.json and more) through tc 6.1 and
 * bun-netlink-tc: the request bytes tc sends (strace, now; a kernel without
 * the module refuses after tc sent it) against ours to a fake kernel, and
 * tc's status, stdout and stderr where it refuses the words itself.
 * simple: tc copies SIMP_MAX_DATA (32) bytes from its argv string, so what
 * follows the NUL is whatever lies after it in tc's memory (the next
 * arguments, the environment); ours are zeros, and only the bytes up to the
 * NUL are compared (the kernel reads no further, nla_strscpy).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { sameAnswers, sameRequests } from "./act-more-env.ts";

const CSUM_SENT = [
  "actions add action csum iph index 800", "actions add action csum ip4h index 7", "actions add action csum ipv4h index 1122",
  "actions add action csum icmp index 1", "actions add action csum igmp index 999", "actions add action csum tcp index 9999",
  "actions add action csum udp index 334455", "actions add action csum udplite continue index 3", "actions add action csum sctp index 777",
  "actions add action csum ip and icmp pipe index 123", "actions add action csum ipv4h sctp continue index 2",
  "actions add action csum udp or tcp continue index 27", "actions add action csum icmp ip4h sctp igmp udplite udp tcp index 7",
  "actions add action csum udp pipe index 7 cookie 12345678", "actions replace action csum iph goto chain 42 index 90 cookie c1a0c1a0",
  "actions add action csum iph no_percpu", "actions add action csum udp xor iph index 3", // bdb6: xor ends the words (gact refuses it)
  "actions add action csum i + u csum t", "actions add action csum udpl", // prefixes, csum again
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action csum iph tcp udp",
];
const CSUM_PARSE = [
  "actions add action csum foobar index 1", // bccc: empty <UPDATE> list
  "actions add action csum and or", "actions add action csum tcp goto foo", "actions add action csum", "actions add action csum help", "actions add action csum tcp index x1",
];

const NAT_SENT = [
  "actions add action nat ingress 192.168.1.1 200.200.200.1", "actions add action nat ingress 1.1.1.1 2.2.2.1 pipe index 77",
  "actions add action nat ingress 192.168.10.10 192.168.20.20 continue index 1000", "actions add action nat ingress 12.18.10.10 12.18.20.20 jump 10 index 22",
  "actions add action nat ingress 1.18.1.1 1.18.2.2 drop index 722", "actions add action nat ingress 1.18.1.1 1.18.2.2 index 4294967295",
  "actions add action nat ingress 1.1.1.1 1.18.2.2 another_arg index 12", // be25
  "actions add action nat ingress default 10.10.10.1 index 12", "actions add action nat ingress any 10.10.10.1 index 12",
  "actions add action nat ingress all 10.10.10.1 index 12", "actions add action nat egress 10.10.10.1 20.20.20.1 jump 777",
  "actions add action nat egress all 20.20.20.1 pipe index 10 cookie aa1bc2d3eeff112233445566778800a1",
  "actions replace action nat ingress 1.18.1.1 1.18.2.2 goto chain 42 index 90 cookie c1a0c1a0",
  "actions add action nat egress 192.0.2.0/24 198.51.100.7/16", "actions add action nat e 192.0.2.0/255.255.0.0 198.51.100.7 reclassify",
  "actions add action nat ingress 0.0.0.0/0 198.51.100.1", "actions add action nat egress 192.0.2.1/1 198.51.100.1 nat ingress 192.0.2.2 198.51.100.2",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action nat ingress 192.0.2.0/24 198.51.100.1",
];
const NAT_PARSE = [
  "actions add action nat ingress 1.18.1.1 1.18.2.2 index 4294967295555", "actions add action nat ingress 1.1.1.1 1.1888.2.2 index 7",
  "actions add action nat sideways 1.1.1.1 2.2.2.2", "actions add action nat ingress 2001:db8::1 2.2.2.2", "actions add action nat ingress 1.1.1.1/33 2.2.2.2",
  "actions add action nat ingress 1.1.1.1", "actions add action nat", "actions add action nat help", "actions add action nat ingress default/8 2.2.2.2",
];

const SIMPLE_SENT = [
  "actions add action simple sdata Jamaica index 4", "actions add action simple sdata 2 index 2", "actions add action simple sdata hello drop",
  "actions change action simple sdata Not_changed index 60", "actions add action simple index 5",
  "actions replace action simple sdata world goto chain 42 index 90 cookie c1a0c1a0", "actions add action simple simple sdata x s sdata y",
  "actions add action simple sdata 0123456789012345678901234567890", // 31 bytes
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action simple sdata in_a_filter",
];
const SIMPLE_PARSE = [
  "actions add action simple sdata 01234567890123456789012345678901", // 32 bytes: Illegal string len
  "actions add action simple drop", "actions add action simple sdata", "actions add action simple", "actions add action simple help",
  "actions add action simple sdata x index y",
];

const CONNMARK_SENT = [
  "actions add action connmark", "actions add action connmark pass index 1", "actions add action connmark drop index 100",
  "actions add action connmark jump 10 index 17", "actions add action connmark zone 100 pipe index 1",
  "actions add action connmark zone 655 unsupp_arg pass index 2", // 9305
  "actions replace action connmark zone 555 reclassify index 555", "actions add action connmark zone 555 pipe index 5 cookie aabbccddeeff112233445566778800a1",
  "actions replace action connmark goto chain 42 index 90 cookie c1a0c1a0", "actions add action connmark connmark z 7",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action connmark zone 9",
];
const CONNMARK_PARSE = [
  "actions add action connmark zone 65536 reclassify index 21", "actions add action connmark zone 0x10", "actions add action connmark zone",
  "actions add action connmark help", "actions add action connmark index 5x",
];

/** tc's TCA_DEF_DATA (nla_len 36, type 3) with the bytes after the string's NUL zeroed. */
function simpleData(m: Uint8Array): Uint8Array {
  const out = m.slice();
  for (let i = 0; i + 36 <= out.length; i++) {
    if (out[i] !== 36 || out[i + 1] !== 0 || out[i + 2] !== 3 || out[i + 3] !== 0) continue;
    const nul = out.indexOf(0, i + 4);
    if (nul >= 0 && nul < i + 36) out.fill(0, nul, i + 36);
  }
  return out;
}

describeKernel("tc csum, nat, simple and connmark actions: requests and refusals equal tc 6.1's", () => {
  it("csum (tdc actions/csum.json)", async () => {
    expect((await sameRequests(CSUM_SENT)).length).toBeGreaterThan(CSUM_SENT.length - 3);
    await sameAnswers(CSUM_PARSE);
  }, 120_000);
  it("nat (tdc actions/nat.json)", async () => {
    expect((await sameRequests(NAT_SENT)).length).toBeGreaterThan(NAT_SENT.length - 3);
    await sameAnswers(NAT_PARSE);
  }, 120_000);
  it("simple (tdc actions/simple.json)", async () => {
    expect((await sameRequests(SIMPLE_SENT, simpleData)).length).toBe(SIMPLE_SENT.length);
    await sameAnswers(SIMPLE_PARSE);
  }, 120_000);
  it("connmark (tdc actions/connmark.json)", async () => {
    expect((await sameRequests(CONNMARK_SENT)).length).toBeGreaterThan(CONNMARK_SENT.length - 2);
    await sameAnswers(CONNMARK_PARSE);
  }, 120_000);
});
