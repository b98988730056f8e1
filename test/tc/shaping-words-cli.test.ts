/**
 * `bun-netlink-tc qdisc|class ...` lines of the kinds this kernel has
 * (htb, tbf, the fifos) and tc's command-line readings around them, run
 * live in twin namespaces against tc 6.1: stdout, stderr and exit status
 * equal tc's line by line, then the resulting qdiscs and classes list the
 * same. Covers get_qdisc_handle's loose reading ("1:0", "10:zz", "+10:",
 * "0x11", " 12", qdisc show handle), q_tbf.c / q_fifo.c / q_htb.c's
 * refusals (explain1, duplicates, mandatory words, help, linklayer,
 * size/cell words), tc_class.c's "Qdisc ... is classless" and its
 * words (duplicates, handle, help), and parse_estimator's refusals and
 * its -raw line.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { ip, tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const Q = ["qdisc", "add", "dev", "v1", "root"];
const C = ["class", "add", "dev", "v0", "parent", "1:", "classid", "1:1"];
const w = (s: string): string[] => s.split(" ");

const LINES: string[][] = [
  // tbf refusals (nothing is created: each line fails before sending)
  ...[
    "tbf rate 1mbit", "tbf rate 1mbit burst 10k", "tbf burst 10k latency 50ms", "tbf peakrate 2mbit",
    "tbf rate 1mbit burst 10k latency 50ms limit 100", "tbf rate 1mbit burst 10k limit 100 latency 50ms",
    "tbf rate x burst 10k latency 50ms", "tbf rate 1mbit burst x latency 50ms", "tbf rate 1mbit burst 10k latency x",
    "tbf rate 1mbit burst 10k limit 1q", "tbf rate 1mbit buffer 10k/x latency 1ms", "tbf rate 1mbit maxburst 10q/8 latency 1ms",
    "tbf rate 1mbit burst 10k/3 latency 1ms", "tbf rate 1mbit burst 10k mtu 2k/3 peakrate 2mbit latency 1ms",
    "tbf rate 1mbit burst 10k minburst y latency 1ms", "tbf rate 1mbit burst 10k mpu z latency 1ms",
    "tbf rate 1mbit burst 10k latency 50ms bogus", "tbf rate 1mbit burst 10k latency 50ms peakrate 2mbit",
    "tbf rate 1mbit burst 10k latency 50ms peakrate 2xbit mtu 2k", "tbf rate 1mbit burst 10k latency 50ms overhead 70000",
    "tbf rate 1mbit burst 10k latency 50ms linklayer foo", "tbf rate 1mbit burst 10k latency 50ms help", "tbf help",
    "tbf rate 1mbit rate 2mbit", "tbf burst 1k burst 2k", "tbf limit 1k limit 2k", "tbf latency 1ms latency 2ms",
    "tbf mtu 1k mtu 2k", "tbf mpu 1 mpu 2", "tbf peakrate 1mbit peakrate 2mbit", "tbf overhead 1 overhead 2",
    "tbf rate 0 burst 0 limit 0", "tbf rate",
  ].map((l) => [...Q, ...w(l)]),
  // fifo refusals
  ...["pfifo limit x", "bfifo limit 10x", "pfifo_head_drop limit -", "pfifo bogus", "bfifo help", "pfifo limit"].map((l) => [...Q, ...w(l)]),
  // htb qdisc refusals
  ...["htb default zz", "htb r2q x", "htb direct_qlen -1", "htb direct_qlen 99999999999", "htb bogus", "htb help", "htb default"].map((l) => [...Q, ...w(l)]),
  // tbf and fifos that go through (then removed)
  [...Q, ...w("handle 5: tbf rate 1mbit burst 10k/8 latency 50ms mpu 70000 overhead 20 linklayer adsl")],
  ["qdisc", "show", "dev", "v1"],
  ["qdisc", "del", "dev", "v1", "root"],
  [...Q, ...w("handle 6: tbf rate 5gbit burst 100k mtu 2k/4 peakrate 6gbit limit 1m")],
  ["-d", "qdisc", "show", "dev", "v1"],
  ["qdisc", "del", "dev", "v1", "root"],
  [...Q, ...w("handle 7: bfifo limit 1.5k")],
  ["qdisc", "del", "dev", "v1", "root"],
  // qdisc handles as get_qdisc_handle reads them
  w("qdisc add dev v0 root handle 1:0 htb default 30 r2q 20 direct_qlen 50 debug 1232x"),
  w("qdisc show dev v0 handle 1:0"),
  w("qdisc show dev v0 handle 1:zz"),
  w("qdisc show dev v0 handle none"),
  w("qdisc show dev v0 handle 10000:"),
  w("qdisc show dev v0 handle 1x"),
  w("qdisc show dev v0 handle 2"),
  w("qdisc show dev v0 parent 1:1 handle 1"),
  // htb class refusals
  ...[
    "htb rate x", "htb rate 1mbit ceil x", "htb rate 1mbit burst x", "htb rate 1mbit cburst 1k/3", "htb rate 1mbit buffer 1q/8",
    "htb rate 1mbit cmaxburst 1k/x", "htb rate 1mbit prio x", "htb rate 1mbit quantum x", "htb rate 1mbit mtu x",
    "htb rate 1mbit mpu 70000", "htb rate 1mbit linklayer foo", "htb rate 1mbit overhead x", "htb rate 1mbit bogus",
    "htb rate 1mbit help", "htb rate 1mbit ceil", "htb ceil 1mbit", "htb", "htb rate 0", "htb rate 1mbit rate 2mbit",
    "htb rate 1mbit ceil 1mbit ceil 2mbit",
    "pfifo", "pfifo limit 5", "bogus", "sfq", "prio bands 3", "fq_codel",
  ].map((l) => [...C, ...w(l)]),
  // htb classes that go through
  [...C, ...w("htb rate 1mbit ceil 2mbit burst 15k/8 cburst 3k mtu 9000 mpu 64 overhead 24 linklayer atm prio 3 quantum 1514")],
  w("class add dev v0 parent 1:1 classid 1:10 htb rate 50gbit ceil 60gbit burst 0 prio 8"),
  w("class add dev v0 parent 1:1 classid 1:20 htb rate 100 linklayer eth"),
  // leaf qdiscs with loose handles
  w("qdisc add dev v0 parent 1:10 handle 10:zz pfifo limit 5"),
  w("qdisc add dev v0 parent 1:20 handle +20: bfifo limit 10kb"),
  w("qdisc add dev v0 parent 1:1 handle 0x11 pfifo_head_drop"),
  ["qdisc", "add", "dev", "v0", "parent", "1:1", "handle", " 12", "pfifo"],
  w("qdisc add dev v0 parent 1:20 handle 1:5 pfifo"),
  w("qdisc add dev v0 parent 1:20 handle 10000: pfifo"),
  w("qdisc add dev v0 parent 1:20 handle -1: pfifo"),
  w("qdisc add dev v0 parent 1:20 handle none handle 3: pfifo"),
  w("qdisc add dev v0 parent 1:20 handle 3: handle 4: pfifo"),
  w("qdisc show dev v0 handle 10:"),
  w("qdisc show dev v0 handle +0x20"),
  // tc_class_modify's words and parse_estimator's refusals
  ...[
    "classid 1:30 handle 5 htb rate 1mbit", "parent 1: root classid 1:30 htb rate 1mbit", "root parent 1: classid 1:30 htb rate 1mbit",
    "parent 1: parent 1: classid 1:30 htb rate 1mbit", "parent 1: classid 1:30 classid 1:31 htb rate 1mbit", "dev v0 parent 1: classid 1:30 htb rate 1mbit",
    "parent none classid 1:30 parent 1: htb rate 1mbit", "classid none classid 1:30 parent 1: htb rate 1mbit", "par 1: classid 1:30 htb rate 1mbit",
    "parent 1: classid 1:31 estimator 1s 8s estimator 1s 8s htb rate 1mbit", "parent 1: classid 1:31 estimator help 8s htb rate 1mbit",
    "parent 1: classid 1:31 estimator 1s h htb rate 1mbit", "parent 1: classid 1:31 estimator 20s 8s htb rate 1mbit",
    "parent 1: classid 1:31 estimator 1s 1s htb rate 1mbit", "parent 1: classid 1:31 estimator x 1s htb rate 1mbit",
    "parent 1: classid 1:32 estimator 1s 8s htb rate 1mbit",
  ].map((l) => ["class", "add", "dev", "v0", ...w(l)]),
  w("qdisc add dev v1 root handle 9: estimator 1s 8s estimator 2s 8s pfifo"),
  w("qdisc add dev v1 root handle 9: estimator 1s 100s pfifo"),
  w("-raw class add dev v0 parent 1: classid 1:33 estimator 2s 4s htb rate 1mbit"),
  w("-raw qdisc add dev v1 root handle 11: estimator 250ms 1s pfifo"),
  w("class show dev v0 qdisc 10:zz"),
  w("class show dev v0 qdisc x"),
];

describeKernel("bun-netlink-tc htb, tbf and fifo lines, qdisc handles, classless kinds: as tc 6.1", () => {
  it("every line prints the same and exits the same, and the results list the same", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    // links down: no packet moves the htb counters the listings print
    for (const ns of [a.name, b.name]) for (const d of ["v0", "v1"]) ip(ns, ["link", "set", d, "down"]);
    for (const l of LINES) expect(await oursTc(b.name, l), JSON.stringify(l)).toEqual(theirsTc(a.name, l));
    for (const s of ["qdisc show", "-d qdisc show dev v0", "-d class show dev v0", "-j qdisc show dev v0"]) {
      expect(tc(b.name, w(s)), s).toBe(tc(a.name, w(s)));
    }
    // what was compared is tc's real behaviour
    const t = (l: string[]) => theirsTc(a.name, l);
    expect(t([...Q, ...w("tbf rate x burst 10k latency 50ms")]).err).toBe('tbf: illegal value for "rate": "x"\n');
    expect(t([...C, ...w("pfifo")])).toMatchObject({ code: 1, err: 'Error: Qdisc "pfifo" is classless.\n' });
    expect(t(w("qdisc show dev v0 handle 10:")).out).toContain("qdisc pfifo 10: parent 1:10 limit 5p");
  }, 120_000);
});
