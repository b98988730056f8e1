/**
 * `bun-netlink-tc monitor` prints what `tc monitor` prints for the same
 * qdisc, class, filter and action notifications (both listening in one
 * throwaway namespace while tc makes the changes), chain notifications
 * ("added chain ...", "deleted chain ...") included.
 */
import { spawn, spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { memoryIo } from "../../cli/io.ts";
import { tcMain } from "../../cli/tc/main.ts";
import { describeKernel } from "../helpers/netns.ts";
import { tcNetns } from "./kernel-env.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CHANGES = [
  "qdisc add dev v0 root handle 1: htb default 10",
  "class add dev v0 parent 1: classid 1:10 htb rate 1mbit",
  "filter add dev v0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.1/32 flowid 1:10",
  "action add action mirred egress redirect dev v1 index 5",
  "action replace action mirred egress mirror dev v1 index 5 cookie abcd",
  "action del action mirred index 5",
  "action add action mirred egress redirect dev v1 index 6",
  "action flush action mirred",
  "filter del dev v0 parent 1: protocol ip prio 1",
  "class del dev v0 classid 1:10",
  "qdisc del dev v0 root",
  "qdisc add dev v1 clsact",
  "chain add dev v1 ingress chain 7",
  "chain del dev v1 ingress chain 7",
  "qdisc add dev v0 ingress_block 21 clsact",
  "filter add block 21 pref 4 protocol ip u32 match u32 0 0",
  "chain add block 21 chain 9",
  "filter add dev v1 ingress pref 3 u32 match u32 0 0 action mirred egress mirror dev v0",
];

describeKernel("tc monitor: bun-netlink-tc prints what tc prints", () => {
  it("qdisc, class, filter, chain and action notifications", async () => {
    using ns = tcNetns(false);
    spawnSync("ip", ["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.v0.disable_ipv6=1", "net.ipv6.conf.v1.disable_ipv6=1"]);
    const child = spawn("stdbuf", ["-oL", "tc", "-n", ns.name, "monitor"], { stdio: ["ignore", "pipe", "pipe"] });
    let theirs = "";
    child.stdout.on("data", (d: Buffer) => { theirs += d.toString(); });
    const ac = new AbortController();
    const io = Object.assign(memoryIo(""), { signal: ac.signal });
    const ours = tcMain(["-n", ns.name, "monitor"], io);
    await sleep(1500);
    for (const c of CHANGES) spawnSync("tc", ["-n", ns.name, ...c.split(" ")]);
    const want = () => theirs;
    const last = "to device v0) pipe";
    for (let i = 0; i < 80 && (!theirs.includes(last) || io.stdout !== want()); i++) await sleep(100);
    ac.abort();
    child.kill();
    await ours;
    expect(theirs).toContain("Flushed table");
    expect(theirs).toContain(last);
    expect(theirs).toContain("deleted chain dev v1 parent ffff: chain 7");
    expect(theirs).toContain("block 21");
    expect(io.stdout).toBe(want());
  }, 30_000);
});
