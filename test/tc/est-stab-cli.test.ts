/**
 * Estimators (`estimator INTERVAL TIME_CONSTANT`) and size tables (`stab
 * ...`) against the kernel: the same commands run by tc in one namespace and
 * by bun-netlink-tc in its twin give the same stdout/stderr/exit status,
 * and every listing after them (-d shows the size table, -s the estimator's
 * rate) prints the same through both programs.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tcNetns, oursTc, theirsTc, type TcRun } from "./kernel-env.ts";

const STEPS = [
  "qdisc add dev v0 root handle 1: estimator 250ms 1s stab overhead 24 linklayer atm mtu 1600 tsize 128 htb default 10",
  "class add dev v0 parent 1: classid 1:10 estimator 1s 8s htb rate 1mbit",
  "class add dev v0 parent 1: classid 1:20 htb rate 2mbit",
  "qdisc add dev v1 root handle 2: stab mpu 64 overhead -4 tbf rate 1mbit burst 10k latency 50ms",
  "qdisc add dev v0 parent 1:20 handle 20: estimator 500ms 4s stab overhead 8 pfifo limit 50", // the kernel: STAB not supported on a non root
  "qdisc add dev v0 parent 1:20 handle 20: estimator 500ms 4s pfifo limit 50",
];
const SHOWS = ["-d qdisc show dev v0", "-d -j qdisc show dev v1", "-d -s qdisc show dev v0", "-j -d qdisc show", "-s class show dev v0"];

/**
 * Counters, estimated rates, token buckets and htb's direct_packets_stat (packets sent before class 1:10
 * existed: -d prints it without -s) move with the IPv6 solicitations that cross the veth: masked on both sides.
 */
const mask = (r: TcRun): TcRun => ({ ...r, out: r.out.replace(/Sent \d+ bytes \d+ pkt/g, "Sent N bytes N pkt").replace(/lended: \d+ borrowed: \d+ giants: \d+/g, "lended: N").replace(/tokens: -?\d+ ctokens: -?\d+/g, "tokens: N").replace(/rate \d+[KMG]?bit \d+pps/g, "rate R").replace(/direct_packets_stat \d+/g, "direct_packets_stat N").replace(/dropped \d+, overlimits \d+ requeues \d+/g, "dropped N, overlimits N requeues N").replace(/backlog \d+b \d+p requeues \d+/g, "backlog Nb Np requeues N").replace(/"direct_packets_stat":\d+/g, '"direct_packets_stat":N') });

describeKernel("tc estimator and stab: bun-netlink-tc sends and prints what tc does", () => {
  it("every step and every listing after it match", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const step of STEPS) {
      const t = theirsTc(a.name, step.split(" ")), o = await oursTc(b.name, step.split(" "));
      expect(o, step).toEqual(t);
      expect(t.code, `${step}: ${t.err}`).toBe(step.includes("1:20 handle 20: estimator 500ms 4s stab") ? 2 : 0);
    }
    for (const show of SHOWS) expect(mask(await oursTc(b.name, show.split(" "))), `tc ${show}`).toEqual(mask(theirsTc(a.name, show.split(" "))));
  }, 60_000);
});
