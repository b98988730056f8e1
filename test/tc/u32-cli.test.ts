/**
 * bun-netlink-tc on u32 command lines (f_u32.c u32_parse_opt and
 * parse_selector), run live in twin namespaces against tc 6.1, the one
 * classifier this kernel has: tc in namespace A, ours in twin B, each line
 * with equal stdout, stderr and exit status; then both namespaces listed
 * (`tc -s -j`, `tc -s -d`, `tc -p`) equal, and ours listing B as tc does.
 * Lines: tdc's filters/u32.json command lines, hash tables (divisor, link,
 * ht, hashkey, sample), offsets, every selector kind, and the refusals of
 * each parser with their neighbours.
 */
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc, type TcRun } from "./kernel-env.ts";

const w = (s: string) => s.split(" ");
const ADD = "filter add dev v0 ingress";

/** tdc filters/u32.json (cmdUnderTest and setup lines with $DEV1 = v0; addresses moved to documentation ranges). */
const TDC = [
  `${ADD} protocol ip prio 1 u32 match ip src 192.0.2.1/32 flowid 1:1 action ok`,
  "filter replace dev v0 ingress protocol ip prio 1 u32 match ip src 192.0.2.1/32 indev notexist20 flowid 1:1 action ok",
  `${ADD} prio 99 handle 42: u32 divisor 256`,
  "filter replace dev v0 ingress prio 99 handle 42:42 u32 divisor 256",
  "filter replace dev v0 ingress prio 99 handle 42:42 u32 divisor 128",
  `${ADD} prio 99 handle 43: u32 divisor 256`,
  `${ADD} protocol ip prio 98 u32 link 43: hashkey mask 0x0000ff00 at 12 match ip src 198.51.100.0/24`,
  "filter replace dev v0 ingress protocol ip prio 20 u32 ht 47:47 action drop",
  `${ADD} protocol ip prio 97 handle 44: u32 divisor 1`,
  `${ADD} protocol ip prio 97 u32 ht 44: match tcp src 22 FFFF classid 1:3`,
  "filter replace dev v0 ingress protocol ip prio 97 u32 ht 44:1 match tcp src 23 FFFF classid 1:4",
  `${ADD} prio 96 handle 1: u32 divisor 256`,
  ...["ff", "ffff", "ffffff", "ffffffff", "ff00ff", "ff0000ff", "ffff00ff", "70", "f0", "ff0", "fff0", "ff00f0"].map((m) => `${ADD} prio 96 u32 ht 1: sample u32 0x10203040 ${m} match u8 0 0 classid 1:1`),
  `${ADD} protocol ip prio 2 handle 2: u32 divisor 1`,
  `${ADD} protocol ip prio 2 handle 3: u32 divisor 2`,
  `${ADD} protocol ip prio 2 u32 ht 3: match ip src any link 2:`,
  `${ADD} protocol ip prio 2 u32 ht 800: match ip src any link 3:`,
  "filter delete dev v0 ingress prio 2 handle 2: u32",
  `${ADD} protocol ip prio 3 u32 match ip src 192.0.2.3/32 action drop`,
  "filter delete dev v0 ingress pref 3",
];

/** Hash tables, links, samples and offsets that the kernel takes (the tail after `protocol ip prio 5`). */
const HASHING = [
  "handle 10: u32 divisor 16",
  "handle 11: u32 divisor 1",
  "u32 ht 10: sample ip dst 203.0.113.7/32 divisor 16 match ip dst 203.0.113.7/32 flowid 1:7",
  "u32 ht 10: sample ip dst 203.0.113.9 divisor 16 match ip dst 203.0.113.9 flowid 1:9 offset plus 20",
  "u32 ht 10:3: match ip protocol 6 ff classid 1:3",
  "u32 ht 11: match tcp dst 80 ffff flowid 1:80",
  "u32 ht 800:: match ip protocol 6 0xff offset at 0 mask 0x0f00 shift 6 eat link 11:",
  "u32 ht 800: match ip nofrag offset mask 0f00 shift 6 at 0 hashkey mask 0x000000ff at 8 link 10:",
  "handle 800::77 u32 ht 800: match u32 0 0 flowid 1:77",
  "u32 order 88 match u32 0 0 flowid 1:88",
  "handle 800::99 u32 order 99 match u32 0 0 flowid 1:99",
  "u32 ht 10: sample u16 0x50 0xffff at nexthdr+2 match ip protocol 17 ff flowid 1:5",
  "u32 ht 10: sample ip protocol 6 ff divisor 2 match ip protocol 6 ff flowid 1:6",
  "u32 ht 10: ht 11: sample ip protocol 6 ff match ip protocol 6 ff flowid 1:8",
  "u32 ht 10:5 sample ip protocol 6 ff ht 11: match ip protocol 6 ff flowid 1:a",
  "u32 ht 10: sample ip dst 203.0.113.7 divisor 16",
  "u32 ht 10: sample ip dst 203.0.113.7 divisor 32 match u32 0 0",
  "u32 ht 10: sample ip6 src 2001:db8::/64 match u32 0 0",
  "u32 ht 10: sample u32 1 0 match u32 0 0",
  "u32 ht 10: sample foo",
  "u32 ht 10: sample mark 1 1 match u32 0 0",
  "u32 match u32 0 0 link 10",
  "u32 match u32 0 0 link 10:1:1",
  "u32 match u32 0 0 link 0x100000",
  "u32 match u32 0 0 link 0x100001",
  "u32 match u32 0 0 link 0",
];

/** Every selector (the tail after `u32`), with `flowid 1:1` after it; `PROTO` is the filter's protocol. */
const SELECTORS: Array<[string, string]> = [
  ["ip", "match ip src 192.0.2.0/24"], ["ip", "match ip dst 198.51.100.7"], ["ip", "match ip src 192.0.2.1 at 12"],
  ["ip", "match ip src any"], ["ip", "match ip dst 0/0"], ["ip", "match ip src 192.0.2.0/255.255.255.0"],
  ["ip", "match ip src 203.0.113.0/25 match ip dst 198.51.100.0/26"], ["ip", "match ip tos 0x10 0xff"], ["ip", "match ip dsfield 0x2e 0xfc"],
  ["ip", "match ip precedence 0xe0 0xe0"], ["ip", "match ip ihl 5 0x0f"], ["ip", "match ip protocol 17 0xff"],
  ["ip", "match ip nofrag"], ["ip", "match ip firstfrag"], ["ip", "match ip df"], ["ip", "match ip mf"],
  ["ip", "match ip df match ip mf"], ["ip", "match ip sport 53 0xffff"], ["ip", "match ip dport 80 0xffff"],
  ["ip", "match ip sport 53 0xffff match ip dport 80 0xffff"], ["ip", "match ip icmp_type 8 0xff"], ["ip", "match ip icmp_code 0 0xff"],
  ["ip", "match ip protocol 1 0xff match ip icmp_type 8 0xff match ip icmp_code 0 0xff"],
  ["ipv6", "match ip6 src 2001:db8::/32"], ["ipv6", "match ip6 dst 2001:db8:1::1/128"], ["ipv6", "match ip6 dst 2001:db8:1:2::/40"],
  ["ipv6", "match ip6 src 2001:db8::1 at 8"], ["ipv6", "match ip6 priority 0x10 0xff"], ["ipv6", "match ip6 protocol 6 0xff"],
  ["ipv6", "match ip6 flowlabel 0x12345 0x000fffff"], ["ipv6", "match ip6 sport 22 0xffff"], ["ipv6", "match ip6 dport 443 0xffff"],
  ["ipv6", "match ip6 icmp_type 128 0xff"], ["ipv6", "match ip6 icmp_code 0 0xff"],
  ["ip", "match tcp src 23 FFFF"], ["ip", "match tcp dst 80 0xffff"], ["ip", "match udp src 53 ffff match udp dst 53 ffff"],
  ["ip", "match icmp type 8 ff"], ["ip", "match icmp code 0 ff"], ["ip", "match icmp type 8 ff match icmp code 0 ff"],
  ["all", "match ether src 02:00:00:00:00:01"], ["all", "match ether dst 02:aa:bb:cc:dd:ee"], ["all", "match ether dst 2:a:b:c:d:e"],
  ["all", "match ether src 02:00:00:00:00:01xyz"], ["all", "match ether src 0x2:0:0:0:0:1"],
  ["all", "match mark 0x10 0xff"], ["all", "match mark 7 7 match u32 0 0"], ["all", "match mark 0 0"],
  ["all", "match u32 0x0a000001 0xffffffff at 16"], ["all", "match u32 1 1 at -4"], ["all", "match u32 0x0 0x0"],
  ["all", "match u16 0x0800 0xffff at -2"], ["all", "match u16 5 0xff at 2"], ["all", "match u8 0x45 0xff"], ["all", "match u8 6 0xff at 9"],
  ["all", "match u8 1 0xf at 3"], ["all", "match u32 1 ffff at nexthdr+4"], ["all", "match u16 1 ffff at nexthdr+ 2"],
  ["all", "match u16 1 ffff at next 2"], ["all", "match u8 1 ff at nexthdr+0"], ["all", "match u32 010 0xff"], ["all", "match u32 0x10 ff at 0x10"],
  ["all", "match u32 1 ff match u32 0x100 0xff00"], ["all", "match u 1 1"], ["all", "match u1 1 1"], ["all", "m u8 1 1"],
  ["ip", "match ip src 192.0.2.1 offset plus 8 eat"], ["ip", "match ip src 192.0.2.1 offset at 0 mask 0x0f00 shift 6"],
  ["ip", "match ip protocol 6 ff offset at 2 mask ff shift 2 plus 4 eat"], ["ip", "match u32 0 0 hashkey mask 0xff at 12"],
  ["ip", "match u32 0 0 hashkey mask 0xff000000 at -4"], ["ip", "match u32 0 0 offset shift 300"],
  ["ip", "match u32 0 0 offset plus 70000"], ["ip", "match u32 0 0 offset at -2 mask 1"],
  ["ip", "match u32 0 0 indev v1"], ["ip", "match u32 0 0 skip_hw"], ["ip", "match u32 0 0 skip_sw"],
  ["ip", "match u32 0 0 classid 1:2 classid 1:3"], ["ip", "match u32 0 0 action mirred egress redirect dev v1"],
  ["ip", "match u32 0 0 action mirred egress mirror dev v1 classid 1:5"], ["ip", "classid 1:6 match u32 0 0 indev v1 indev v0"],
  ["ip", "match u32 0 0 police rate 1mbit burst 10k"],
];

/** Lines tc refuses while parsing (and neighbours): the tail after `protocol ip prio 7`. */
const REFUSED = [
  "handle 1 u32 match u32 0 0", "handle 0x1 u32 match u32 0 0", "handle 1:2:3:4 u32 match u32 0 0", "handle 1000: u32 divisor 1",
  "handle fff: u32 divisor 1", "handle 1:100: u32", "handle 1:1:1000 u32", "handle x: u32", "handle 1x:2 u32", "handle :: u32 match u32 0 0",
  "handle 0x u32", "handle 0x100001 u32 match u32 0 0", "handle -1: u32", "handle 1:-0:2 u32 match u32 0 0",
  "u32 link 1", "u32 link 1:2:3", "u32 link", "u32 ht 1", "u32 ht", "handle 1:0:5 u32 ht 1:0:5 match u32 0 0", "handle 1: u32 ht 1:0:5",
  "u32 divisor 3", "u32 divisor 0", "u32 divisor 512", "u32 divisor x", "u32 divisor", "u32 divisor 0x10 divisor 2", "u32 divisor 256",
  "u32 order x", "u32 order", "handle 800::7 u32 order 8 match u32 0 0", "handle 800::7 u32 order 7 match u32 0 0",
  "u32 match", "u32 match foo 1", "u32 match ip foo 1", "u32 match ip", "u32 match ip nofrag", "u32 match u32 1", "u32 match u32 1 2 at",
  "u32 match u32 x 2", "u32 match u32 1 x", "u32 match u32 1 2 at x", "u32 match u32 1 2 at 2", "u32 match u32 -1 2", "u32 match u32 0x100000000 1",
  "u32 match u8 256 ff", "u32 match u8 1 100", "u32 match u16 1 0x10000", "u32 match u16 0x10000 1", "u32 match u32 1 ff match u32 2 ff",
  "u32 match ether src zz", "u32 match ether src 1:2:3:4:5", "u32 match ether foo 1", "u32 match ether src", "u32 match ether",
  "u32 match mark 1 0", "u32 match mark x 1", "u32 match mark 1 y", "u32 match mark 1", "u32 match mark",
  "u32 match ip src 2001:db8::1", "u32 match ip6 src 192.0.2.1", "u32 match ip src 192.0.2.1/33", "u32 match ip src 192.0.2.1 at 13",
  "u32 match ip src 192.0.2.1 at", "u32 match ip6 priority 256 1", "u32 match ip6 foo 1", "u32 match tcp foo 1", "u32 match icmp foo 1",
  "u32 match u32 1 1 at nexthdr+", "u32 match u32 1 1 at nexthdr+x", "u32 match u32 1 1 at nexthdr", "u32 match u32 1 1 at n",
  "u32 offset at 3", "u32 offset mask 0x10000", "u32 offset plus x", "u32 offset shift", "u32 offset", "u32 offset foo",
  "u32 hashkey at 3", "u32 hashkey mask x", "u32 hashkey at", "u32 hashkey mask 1 at 4 foo",
  "u32 sample ip6 src 2001:db8::/64", "u32 sample u32 1 1 divisor 3 match u32 0 0", "u32 sample u32 1 1 divisor", "u32 sample",
  "u32 help", "u32 foo", "u32 indev", "u32 classid zz", "u32 classid", "u32 flowid 1:1 flowid", "u32 match u32 0 0 skip_hw skip_sw",
  "u32 skip_sw skip_hw", "u32 action", "u32 action help", "u32 police", "u32 police rate 1mbit", "u32 police help",
  "u32 match u32 0 0 action foo", "u32 match ip src 192.0.2.1 police rate 1mbit burst 1k drop foo",
  "u32 match u32 0 0 order 5 skip_hw skip_sw", "handle 800::7 u32 order 8 skip_hw skip_sw",
];

/** Number forms (strtoul/strtol's blanks, signs, 0x, octal, 32-bit cuts), prefixes of keywords, word boundaries and
 * truncations: the tail after `protocol ip prio N` (each its own prio); '' is an empty word, ~ a blank inside a word. */
const EDGES = [
  "handle 1: u32 divisor 1", "handle 0x1: u32 divisor 1", "handle 1:: u32 match u32 0 0", "handle ::1 u32 match u32 0 0", "handle 800:0:1 u32 match u32 0 0",
  "handle 0x80000001 u32 match u32 0 0", "handle 0X1 u32", "handle 0x1g u32", "handle 1:2x u32", "handle 1:2:x u32", "handle 1:2:3x u32 match u32 0 0",
  "handle 1000000001: u32 divisor 1", "handle +1: u32 divisor 2", "handle 1:ff: u32", "handle 1:100 u32", "handle 1:0xff:1 u32 match u32 0 0",
  "u32 match u32 +1 1", "u32 match u32 ~1 1", "handle ~1:2 u32 match u32 0 0", "u32 link ~1:", "u32 match u32 1 1 at ~4", "u32 match u32 0x 1", "u32 match u32 08 1", "u32 match u32 07 1", "u32 match u32 1 0x", "u32 match u32 1 -0",
  "u32 match u32 1 1 at +4", "u32 match u32 1 1 at -0", "u32 match u32 1 1 at 0x8", "u32 match u32 1 1 at 010", "u32 match u32 1 1 at 4294967296",
  "u32 match u32 1 1 at nexthdr+-4", "u32 match u32 1 1 at nexthdr+0x4", "u32 match u32 1 1 at nexthdr+ +4", "u32 match u32 1 1 at nexthdr", "u32 match u32 1 1 at nexthdr+ x",
  "u32 match ip src 192.0.2", "u32 match ip src 192.0.2.1/0", "u32 match ip src default", "u32 match ip src all/8", "u32 match ip src 192.0.2.1/32 at 12 match ip dst 10/8",
  "u32 match ip6 src any", "u32 match ip6 src 2001:db8::/129", "u32 match ip6 dst 2001:db8::1/96 at 24", "u32 match ip6 src ::/0",
  "u32 match ip dsf 1 1", "u32 match ip prec 1 1", "u32 match ip tos 1 0x100", "u32 match ip protocol 300 1", "u32 match ip sport 65536 1", "u32 match ip sport 1",
  "u32 match ip sport 1 1 at 22", "u32 match ip dport 1 1 at nexthdr+2", "u32 match ip icmp_type 1 1 at 20",
  "u32 match u16 1 1 at 1", "u32 match u16 1 1 at 3", "u32 match u8 1 1 at -1", "u32 match u8 1 1 at -5",
  "u32 match ether src 02:00:00:00:00:01 at 0", "u32 match ether src 02:00:00:00:00:01 at 2", "u32 match ether src -1:0:0:0:0:1", "u32 match ether src 102:0:0:0:0:1", "u32 match ether src 2 :0:0:0:0:1",
  "u32 match mark 0xffffffff 0xffffffff", "u32 match mark 1 1 match mark 2 2", "u32 match mark 0x100000000 1",
  "u32 offset plus -1 match u32 0 0", "u32 offset plus 65536 match u32 0 0", "u32 offset at 65538 match u32 0 0", "u32 offset at -32770 match u32 0 0", "u32 offset shift -1 match u32 0 0",
  "u32 offset mask -1", "u32 offset eat eat match u32 0 0", "u32 offset p 4 a 2 m 3 s 1 e match u32 0 0", "u32 o p 4 match u32 0 0",
  "u32 hashkey mask 0 at 0 match u32 0 0", "u32 hashkey at 65536 match u32 0 0", "u32 hashkey at -4 mask 0xffffffff match u32 0 0", "u32 hashkey m 0xff a 8 match u32 0 0", "u32 h m 1",
  "u32 match u32 0 0 classid 1:1 flowid 1:2 cl 1:3", "u32 match u32 0 0 flow 1:1", "u32 match u32 0 0 div 1", "u32 d 2", "u32 or 5 match u32 0 0", "u32 li 1:",
  "u32 match u32 0 0 indev 0123456789abcdefXYZ", "u32 match u32 0 0 indev nosuchdev", "u32 ht 1:2:3 match u32 0 0", "u32 ht 0x100001 match u32 0 0", "u32 ht 800:: order 3 match u32 0 0",
  "u32 sample u8 1 1 match u32 0 0", "u32 sample ether src 02:00:00:00:00:01 match u32 0 0", "u32 sample ip src 192.0.2.0/24 divisor 0x10 match u32 0 0", "u32 sample ip src 192.0.2.0/24 div 16 match u32 0 0",
  "u32 sample ip6 src 2001:db8::/32 match u32 0 0", "u32 sample u32 0 0 match u32 0 0", "u32 sample u32 0xffffffff 0xffffffff divisor 256 match u32 0 0",
  "u32 ht 5: sample u32 1 1 ht 6: match u32 0 0", "u32 sample u32 1 1 ht 6:7 match u32 0 0", "handle 6: u32 sample u32 1 1", "u32 ht 0 sample u32 1 1 match u32 0 0",
  "u32 skip_hw skip_hw match u32 0 0", "u32 match u32 0 0 skip_hw skip_sw skip_hw", "u32 match u32 0 0 police rate 1mbit burst 10k police rate 2mbit burst 10k",
  "u32 match u32 0 0 action mirred egress redirect dev v1 action mirred egress mirror dev v1", "u32 match u32 0 0 action mirred egress redirect dev v1 classid 1:1",
  "u32 match u32 0 0 action", "u32 match u32 0 0 police", "u32 match u32 0 0 action mirred help", "u32 police rate 1mbit burst 10k help",
  "u32 match", "u32 match u32", "u32 match u32 1", "u32 match ip", "u32 match ip src", "u32 match ip6", "u32 match tcp src", "u32 match tcp src 1", "u32 match icmp type 1",
  "u32 match ether", "u32 match ether src 02:00:00:00:00:01 at", "u32 match mark 1", "u32 match mark 1 1", "u32 offset at", "u32 offset plus", "u32 hashkey mask", "u32 sample", "u32 sample u32 1",
  "u32 ''", "u32 HELP", "u32 help me", "u32 matchx u32 0 0", "u32 order 0 match u32 0 0", "handle 800::0 u32 order 5 match u32 0 0", "handle 800::5 u32 order 0x5 match u32 0 0",
];

/** A listing with the actions' timers (seconds since install/use: the twins were made at different times) zeroed. */
function timeless(r: TcRun): TcRun {
  return { ...r, out: r.out.replace(/ (installed|used|firstused|expires) \d+ sec/g, "").replace(/"(installed|last_used|first_used|expires)": ?\d+,/g, "") }; // print_tm leaves out a timer of 0 ticks: dropped, not masked
}

/** Both namespaces listed by tc the same way, and ours listing B as tc lists it. */
async function sameListing(a: string, b: string, extra: string[] = []): Promise<void> {
  for (const parent of ["ingress", "root"]) {
    for (const opts of [["-s", "-j"], ["-s", "-d"], ["-p"], []]) {
      const args = [...opts, ...extra, "filter", "show", "dev", "v0", parent];
      const ta = timeless(theirsTc(a, args)), tb = timeless(theirsTc(b, args));
      expect(tb, `state: tc ${args.join(" ")}`).toEqual(ta);
      expect(timeless(await oursTc(b, args)), `ours: tc ${args.join(" ")}`).toEqual(tb);
    }
  }
}

/** Each line through tc in A and ours in B (equal output and status), then the listings. */
async function twins(lines: readonly string[], setup: (ns: string) => void = () => {}): Promise<void> {
  using a = tcNetns(false);
  using b = tcNetns(false);
  for (const ns of [a.name, b.name]) {
    quiet(ns);
    tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]);
    tc(ns, ["qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"]);
    setup(ns);
  }
  for (const l of lines) expect(await oursTc(b.name, w(l)), `tc ${l}`).toEqual(theirsTc(a.name, w(l)));
  await sameListing(a.name, b.name);
}

/** get, change, del and chain templates: the classifier reads its words there too (whole lines). */
const OTHER_VERBS = [
  `${ADD} protocol ip prio 1 u32 match ip src 192.0.2.1 flowid 1:1`,
  "filter get dev v0 ingress protocol ip prio 1 handle 800::800 u32",
  "filter get dev v0 ingress protocol ip prio 1 handle 800::800 u32 match u32 0 0",
  "filter get dev v0 ingress protocol ip prio 1 handle 800::800 u32 divisor 3",
  "filter get dev v0 ingress protocol ip prio 1 handle 800::800 u32 help",
  "filter get dev v0 ingress protocol ip prio 1 handle 1 u32",
  "filter get dev v0 ingress protocol ip prio 1 handle 800::801 u32",
  "chain add dev v0 ingress chain 3 u32",
  "chain add dev v0 ingress chain 4 u32 match u32 0 0",
  "chain add dev v0 ingress chain 5 u32 divisor 3",
  "filter change dev v0 ingress protocol ip prio 1 handle 800::800 u32 match ip src 192.0.2.2 flowid 1:2",
  "filter show dev v0 ingress handle 800::800 protocol ip prio 1",
  "filter del dev v0 ingress protocol ip prio 1 handle 800::800 u32",
];

/** No IPv6 on the twins' links (their router solicitations would hit the filters and count in one twin only). */
function quiet(ns: string): void {
  const r = spawnSync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
  if (r.status !== 0) throw new Error(`sysctl in ${ns}: ${r.stderr}`);
}

describeKernel("bun-netlink-tc u32 command lines print, exit and change the kernel as tc 6.1", () => {
  it("tdc's u32 command lines", async () => {
    await twins(TDC);
  }, 120_000);
  it("hash tables, links, samples, offsets and orders", async () => {
    await twins(HASHING.map((l) => `${ADD} protocol ip prio 5 ${l}`));
  }, 120_000);
  it("every selector kind", async () => {
    await twins(SELECTORS.map(([proto, l], n) => `${ADD} protocol ${proto} prio ${n + 1} u32 ${l} flowid 1:1`));
  }, 240_000);
  it("selectors under the htb root, replaced and deleted", async () => {
    await twins(SELECTORS.slice(0, 30).flatMap(([proto, l], n) => [
      `filter add dev v0 parent 1: protocol ${proto} prio ${n + 1} u32 ${l} flowid 1:2`,
      ...(n % 3 === 0 ? [`filter replace dev v0 parent 1: protocol ${proto} prio ${n + 1} handle 800::800 u32 ${l} flowid 1:3`] : []),
      ...(n % 5 === 1 ? [`filter del dev v0 parent 1: protocol ${proto} prio ${n + 1} handle 800::800 u32`] : []),
    ]));
  }, 240_000);
  it("number forms, keyword prefixes and truncated lines", async () => {
    const word = (x: string) => (x === "''" ? "" : x.replaceAll("~", " "));
    const lines = EDGES.map((l, n) => ["filter", "add", "dev", "v0", "ingress", "protocol", "ip", "prio", String(n + 1), ...l.split(" ").map(word)]);
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) { quiet(ns); tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]); }
    for (const args of lines) expect(await oursTc(b.name, args), args.join(" ")).toEqual(theirsTc(a.name, args));
    await sameListing(a.name, b.name);
  }, 240_000);
  it("get, change, delete and chain templates", async () => {
    await twins(OTHER_VERBS);
  }, 120_000);
  it("lines refused while parsing, and their neighbours", async () => {
    await twins(REFUSED.map((l) => `${ADD} protocol ip prio 7 ${l}`));
    // the messages compared are tc's real ones
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "ingress"]);
    const err = (l: string) => theirsTc(a.name, w(`${ADD} protocol ip prio 7 ${l}`));
    expect(err("handle 1 u32 match u32 0 0")).toMatchObject({ code: 1, err: "Illegal filter ID\n" });
    expect(err("u32 divisor 3")).toMatchObject({ code: 1, err: 'Illegal "divisor"\n' });
    expect(err("u32 match u32 1 2 at")).toMatchObject({ code: 255 });
    expect(err("u32 skip_sw skip_hw").err).toBe("skip_hw and skip_sw are mutually exclusive\n");
    expect(err("handle 800::7 u32 order 8 match u32 0 0").err).toBe('"order" contradicts "handle"\n');
  }, 240_000);
});
