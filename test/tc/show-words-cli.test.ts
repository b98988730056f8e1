/**
 * The words of `tc qdisc|class show`, `tc filter get` and the help paths,
 * against tc 6.1 in one throwaway namespace (root): tc_class_list sends
 * `parent`/`root` to the kernel as the dump's tcm_parent (the classes of
 * the qdisc with that major number are listed) and filters `qdisc` and
 * `classid` itself; tc_qdisc_list's one-selector rule and errors; `help`
 * prints the usage and goes on (exit 0 as a command); tc_filter_get's
 * checks, the classifier's handle and the printed answer; u32/matchall's
 * "What is" with their explain() texts (exit 1).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { expectSameTc } from "./kernel-env.ts";

const COMMANDS = [
  // class show
  "class show dev v0", "class show dev v0 parent 1:1", "class show dev v0 parent 1:", "class show dev v0 parent root", "class show dev v0 root",
  "class show dev v0 parent 2:", "class show dev v0 qdisc 1:", "class show dev v0 qdisc 2:", "class show dev v0 classid 1:10",
  "class show dev v0 parent 1: classid 1:20", "-j class show dev v0 parent 1:1", "class show dev v0 parent 1: parent 2:",
  "class show dev v0 root root", "class show dev v0 qdisc x", "class show dev v0 classid 1:1 classid 1:2", "class show dev v0 parent zz",
  "class show dev v0 bogus", "class show dev v0 help", "class show dev v0 dev v1", "class show dev v0 parent",
  // qdisc show
  "qdisc show dev v0 root", "qdisc show dev v0 handle 1:", "qdisc show dev v0 h 10:", "qdisc show dev v0 ingress", "qdisc show dev v0 parent 1:10",
  "qdisc show dev v0 root handle 1:", "qdisc show dev v0 handle 1: root", "qdisc show dev v0 parent x", "qdisc show dev v0 handle zz",
  "qdisc show dev v0 clsact parent 1:", "qdisc show dev v0 handle", "qdisc show dev v0 help", "qdisc show help", "qdisc show dev v0 bogus",
  // invisible: TCA_DUMP_INVISIBLE also lists the bfifo the kernel made inside tbf (when this kernel has tbf)
  "qdisc show invisible", "qdisc show dev v0 invisible", "-j qdisc show dev v0 invisible", "-s qdisc show invisible", "qdisc show dev v0 parent 20:1 invisible",
  // help as the command, and tc filter without words
  "qdisc help", "class help", "filter help", "qdisc h", "filter",
  // filter get
  "filter get dev v0 parent 1: protocol ip prio 1 handle 800::800 u32", "-j filter get dev v0 parent 1: protocol ip prio 1 handle 800::800 u32",
  "-s filter get dev v0 parent 1: protocol ip pref 2 handle 801::800 u32", "filter g dev v0 parent 1: protocol ip prio 1 handle 800::800 u32",
  "filter get dev v0 parent 1: protocol ip prio 1 handle 800::801 u32", "filter get dev v0 parent 1: protocol ip prio 1 u32",
  "filter get dev v0 parent 1: prio 1 handle 800::800 u32", "filter get dev v0 parent 1: protocol ip handle 800::800 u32",
  "filter get dev v0 protocol ip prio 1 handle 800::800 u32", "filter get dev v0 parent 1: protocol ip prio 1 handle 800::800",
  "filter get parent 1: protocol ip prio 1 handle 800::800 u32", "filter get dev nope parent 1: protocol ip prio 1 handle 800::800 u32",
  "filter get dev v0 parent 1: protocol ip prio 1 handle 800::800 u32 foo", "filter get dev v0 parent 1: protocol ip prio 1 handle 800::800 u32 help",
  // u32 and matchall words they do not know
  "filter add dev v0 parent 1: protocol ip prio 9 u32 foo", "filter add dev v0 parent 1: protocol ip prio 9 u32 help",
  "filter add dev v0 parent 1: protocol ip prio 9 matchall foo", "filter add dev v0 parent 1: protocol ip prio 9 matchall help",
];

describeKernel("tc show words, filter get and help paths, as tc 6.1", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    const batch = [
      "qdisc add dev v0 root handle 1: htb default 20",
      "class add dev v0 parent 1: classid 1:1 htb rate 100mbit",
      "class add dev v0 parent 1:1 classid 1:10 htb rate 10mbit",
      "class add dev v0 parent 1:1 classid 1:20 htb rate 5mbit",
      "qdisc add dev v0 parent 1:10 handle 10: pfifo limit 10",
      "qdisc add dev v0 ingress",
      "filter add dev v0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.0/24 flowid 1:10",
      "filter add dev v0 parent 1: protocol ip prio 2 u32 match ip sport 80 0xffff flowid 1:20",
    ];
    Bun.spawnSync({ cmd: ["ip", "-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"] });
    const r = Bun.spawnSync({ cmd: ["tc", "-n", ns.name, "-batch", "-"], stdin: new TextEncoder().encode(batch.join("\n") + "\n"), stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`tc -batch: ${r.stderr.toString()}`);
    // tbf's default child is an invisible bfifo; a kernel without tbf leaves nothing invisible to list
    Bun.spawnSync({ cmd: ["tc", "-n", ns.name, "qdisc", "add", "dev", "v0", "parent", "1:20", "handle", "20:", "tbf", "rate", "1mbit", "burst", "10k", "latency", "50ms"] });
  });
  afterAll(() => ns?.remove());
  describe("each line: same status, stdout and stderr", () => {
    for (const c of COMMANDS) it(c, async () => expectSameTc(ns.name, ns.name, [c]));
  });
});
