/**
 * `tc -brief` (tc 6.1 tc.c's `brief`): `filter show` sends
 * TCA_DUMP_FLAGS_TERSE (tc_filter.c tc_filter_list) and `actions ls|flush`
 * TCA_ACT_FLAG_TERSE_DUMP (m_action.c), and print_action adds "\t index N"
 * after each action's terse entry. u32 has no terse dump: the kernel ends
 * the filter dump with an error after the classifier's head entry, which
 * tc prints before "Dump terminated" (an unclosed -json array). The same
 * filters and actions are made by tc in twin namespaces; every listing
 * (stdout, stderr, status) of bun-netlink-tc equals tc's.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameTc, tc, tcNetns, theirsTc } from "./kernel-env.ts";

const SETUP = [
  "qdisc add dev v0 clsact",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action mirred egress mirror dev v1",
  "filter add dev v0 ingress pref 2 protocol ipv6 u32 match u32 0 0",
  "actions add action mirred egress redirect dev v1 index 7",
  "actions add action mirred ingress mirror dev v0 index 9 cookie 0a0b",
];

const SHOWS = [
  "-brief filter show dev v0 ingress", "-brief -j filter show dev v0 ingress", "-brief filter show dev v0 egress", "-brief filter show dev v0",
  "-brief filter show dev v0 ingress pref 2", "-j -brief filter show dev v0 egress",
  "-brief actions ls action mirred", "-brief -s actions ls action mirred", "-j -brief actions ls action mirred", "-brief actions ls action gact",
  "-brief actions get action mirred index 7", "-brief filter show dev v0 ingress pref 9",
];

describeKernel("tc -brief: bun-netlink-tc asks for terse dumps and prints them as tc does", () => {
  it("every listing matches tc's", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) for (const s of SETUP) tc(ns, s.split(" "));
    await expectSameTc(a.name, b.name, SHOWS);
    // the terse dump really is asked for: tc's own listing stops at the u32 head
    expect(theirsTc(a.name, "-brief filter show dev v0 ingress".split(" ")).err).toContain("Dump terminated");
    expect(theirsTc(a.name, "-brief actions ls action mirred".split(" ")).out).toContain("\t index 7");
  }, 60_000);
});
