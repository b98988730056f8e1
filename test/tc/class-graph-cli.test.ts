/**
 * `tc -graph class show` against the kernel: tc builds an htb tree (two
 * roots, nested classes, leaves at different depths), then tc and
 * bun-netlink-tc draw it from the same namespace, with and without -s
 * (counters, rates and tokens masked on both sides: IPv6 solicitations
 * cross the veth).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc, type TcRun } from "./kernel-env.ts";

const CLASSES = [
  "parent 1: classid 1:1 htb rate 10mbit", "parent 1:1 classid 1:10 htb rate 2mbit ceil 10mbit", "parent 1:1 classid 1:20 htb rate 3mbit",
  "parent 1:10 classid 1:100 htb rate 1mbit", "parent 1:10 classid 1:101 htb rate 1mbit prio 2", "parent 1: classid 1:2 htb rate 5mbit",
  "parent 1:2 classid 1:30 htb rate 1mbit", "parent 1:20 classid 1:200 htb rate 1mbit",
];
const mask = (r: TcRun): TcRun => ({ ...r, out: r.out.replace(/Sent \d+ bytes \d+ pkt/g, "Sent N bytes N pkt").replace(/rate \d+[KMG]?bit \d+pps/g, "rate R") });

describeKernel("tc -graph class show draws the class tree as tc does", () => {
  it("plain and -s", async () => {
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb", "default", "30"]);
    for (const c of CLASSES) tc(a.name, ["class", "add", "dev", "v0", ...c.split(" ")]);
    for (const show of ["-g class show dev v0", "-graph -s class show dev v0", "-g -d class show dev v0 parent 1:10"]) {
      expect(mask(await oursTc(a.name, show.split(" "))), `tc ${show}`).toEqual(mask(theirsTc(a.name, show.split(" "))));
    }
  }, 60_000);
});
