/**
 * `tc -p filter show` of u32 filters (f_u32.c show_keys with pretty:
 * print_ipv4 / print_ipv6 / print_raw, by the filter's protocol) against
 * the kernel: tc adds the filters, then tc and bun-netlink-tc print the
 * same namespace (text; with -p -j tc 6.1 aborts in jsonw_destroy on the
 * "match" objects print_ipv4 leaves open, so there is no JSON to match).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const FILTERS = [
  "parent 1: protocol ip pref 1 u32 match ip src 192.0.2.0/24 match ip dst 198.51.100.1/32 match ip protocol 6 0xff flowid 1:10",
  "parent 1: protocol ip pref 2 u32 match ip dport 80 0xffff match ip tos 0x10 0xff flowid 1:10",
  "parent 1: protocol ip pref 3 u32 match ip sport 1024 0xffff match ip dport 443 0xffff match ip ihl 5 0xf flowid 1:10",
  "parent 1: protocol ip pref 4 u32 match ip sport 53 0xffff match u32 0x01020304 0xffff00ff at 12 match ip dst 0.0.0.0/0 flowid 1:10",
  "parent 1: protocol ipv6 pref 5 u32 match ip6 dst 2001:db8::/32 match u32 0x00350000 0xffff0000 at 20 match u32 0x1 0xffff at 20 flowid 1:10",
  "parent 1: protocol ipv6 pref 6 u32 match u32 0x12345678 0xffffffff at 20 match u32 0xc0000201 0xffffffff at 16 flowid 1:10",
  "parent 1: protocol all pref 7 u32 match u32 0x0a000001 0xffffffff at 16 flowid 1:10",
];

describeKernel("tc -p filter show: u32 keys printed as tc's pretty printers do", () => {
  it("text matches tc on the same namespace", async () => {
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"]);
    for (const f of FILTERS) tc(a.name, ["filter", "add", "dev", "v0", ...f.split(" ")]);
    for (const show of ["-p filter show dev v0", "-p -s filter show dev v0 parent 1:", "filter show dev v0"]) {
      expect(await oursTc(a.name, show.split(" ")), `tc ${show}`).toEqual(theirsTc(a.name, show.split(" ")));
    }
  }, 60_000);
});
