/**
 * Numbers of tc qdisc and class options read with the base tc 6.1 passes
 * for each: htb's r2q, direct_qlen, prio, mtu, quantum with base 10 ("010"
 * is 10, "0x10" refused), default with base 16, mpu and overhead as u16;
 * tbf's overhead u16 base 10. Each command runs through tc in one namespace
 * and bun-netlink-tc in a twin: same status, output and messages, and the
 * same `tc -d -j` state afterwards. Kind options that do not parse fail
 * as tc's parsers fail (their texts, the kind's usage where tc prints it,
 * exit 1) whether or not the kernel has the kind, since nothing is sent.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameTc, stable, tcJson, tcNetns } from "./kernel-env.ts";

/** htb qdisc option spellings: each replaces the root qdisc. */
const QDISC = [
  "r2q 010", "r2q 0x10", "r2q +5", "r2q -1", "default 0x10", "default 10", "default 0X1f", "default 010", "default 0xg",
  "direct_qlen 08", "direct_qlen 0x8", "direct_qlen 4294967295", "direct_qlen 4294967296",
];

/** htb class option spellings, on a class under the root. */
const CLASS = [
  "prio 07", "prio 0x1", "mtu 01500", "quantum 09000", "quantum 0x2000", "mpu 65535", "mpu 65536", "mpu 064", "overhead 010", "overhead 70000", "overhead -0",
];

/** Kind words that do not parse (or parse in base 0 where the kernel may lack the kind: both tools then get its answer). */
const FAILING = [
  "htb r2q x", "htb bogus", "htb default 0xg", "tbf rate 1mbit", "tbf rate 1mbit burst 10k latency 10ms overhead x", "tbf bogus",
  "fq_codel limit x", "fq_codel bogus", "fq_codel limit 010 flows 0x10", "sfq perturb x", "sfq limit 1", "sfq limit 0x1", "sfq limit 0x10 divisor 020",
  "sfq bogus", "fq limit x", "fq buckets q", "fq bogus", "fq limit 010", "prio bands x", "prio bogus", "pfifo bogus", "bfifo limit 1 bogus",
  "pfifo_fast bogus", "foo bar", "noqueue bogus",
];

describeKernel("tc qdisc and class numbers, as tc reads them", () => {
  it("kind options that do not parse: tc's message, usage and status", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const o of FAILING) await expectSameTc(a.name, b.name, [`qdisc replace dev v0 root ${o}`], `${o}: `);
    for (const o of ["bogus", "handle"]) await expectSameTc(a.name, b.name, [`qdisc replace dev v0 ingress ${o}`, `qdisc replace dev v0 clsact ${o}`], `${o}: `);
  });

  it("htb qdisc, htb class and tbf options: each number in tc's base and width", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    const state = (ns: string) => [stable(tcJson(ns, ["-d", "qdisc", "show", "dev", "v0"])), stable(tcJson(ns, ["-d", "class", "show", "dev", "v0"]))];
    for (const o of QDISC) {
      await expectSameTc(a.name, b.name, [`qdisc replace dev v0 root handle 1: htb ${o}`], `${o}: `);
      expect(state(b.name), o).toEqual(state(a.name));
    }
    await expectSameTc(a.name, b.name, ["qdisc replace dev v0 root handle 1: htb default 1"]);
    for (const o of CLASS) {
      await expectSameTc(a.name, b.name, [`class replace dev v0 parent 1: classid 1:1 htb rate 1mbit ${o}`], `${o}: `);
      expect(state(b.name), o).toEqual(state(a.name));
    }
    for (const o of ["overhead 010", "overhead 0x10", "overhead 65536"]) {
      await expectSameTc(a.name, b.name, [`qdisc replace dev v0 root handle 2: tbf rate 1mbit burst 10k latency 10ms ${o}`], `${o}: `);
      expect(state(b.name), o).toEqual(state(a.name));
    }
  });
});
