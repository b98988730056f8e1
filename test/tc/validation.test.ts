/**
 * nl.tc refuses bad input before any request (the transport fails the test
 * on any I/O, so not even a link-name lookup may happen), with a
 * TypeError/RangeError naming the field.
 */
import { describe } from "vitest";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

const CASES: RefusalCase<[TcApi]>[] = [
  ["qdisc without link", (t) => t.qdiscs.add({ parent: "root", kind: "pfifo" }), TypeError, /^ifindex: a link is required/],
  ["qdisc without parent", (t) => t.qdiscs.add({ dev: "v0", kind: "htb" }), TypeError, /^parent: required/],
  ["bad parent", (t) => t.qdiscs.add({ dev: "v0", parent: "1:x", kind: "pfifo" }), TypeError, /^parent: "1:x" is not a class id/],
  ["bad handle", (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "1:2", kind: "pfifo" }), TypeError, /^handle: "1:2" is not a qdisc handle/],
  ["bad kind", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "" }), TypeError, /^kind: expected a kind name/],
  ["tbf rate typo", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbits", burst: 1, latency: 1 } }), TypeError, /^options\.rate: "1mbits" is not a valid rate/],
  ["tbf without burst", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit" } as never }), TypeError, /^options\.burst: required/],
  ["tbf limit and latency", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit", burst: "10k", limit: 1, latency: 1 } }), TypeError, /^options: give either limit or latency/],
  ["tbf peakrate without mtu", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit", burst: "10k", latency: 1, peakrate: "2mbit" } }), TypeError, /^options\.mtu: required with peakrate/],
  ["negative size", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit", burst: -1, latency: 1 } }), RangeError, /^options\.burst: -1 is not a valid size/],
  ["bad time", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: "10 parsecs" } }), TypeError, /^options\.delay: "10 parsecs" is not a valid time/],
  ["netem loss over 100%", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { loss: 150 } }), RangeError, /^options\.loss: expected a percentage/],
  ["netem gap without reorder", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: 1000, gap: 5 } }), TypeError, /^options\.gap: gap needs a reorder/],
  ["untyped kind with object options", (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "taprio", options: { bandwidth: 1 } }), TypeError, /^options: kind "taprio" has no typed options/],
  ["htb class without rate", (t) => t.classes.add({ dev: "v0", parent: "1:", handle: "1:10", kind: "htb", options: { ceil: "1mbit" } as never }), TypeError, /^options\.rate: required/],
  ["htb class linklayer", (t) => t.classes.add({ dev: "v0", parent: "1:", handle: "1:10", kind: "htb", options: { rate: "1mbit", linklayer: "token-ring" as never } }), TypeError, /^options\.linklayer: expected "ethernet" or "atm"/],
  ["class delete without handle", (t) => t.classes.delete({ dev: "v0" }), TypeError, /^handle: the class id is required/],
  ["filter protocol", (t) => t.filters.add({ dev: "v0", parent: "1:", protocol: "ipx6", kind: "u32" }), TypeError, /^protocol: unknown protocol "ipx6"/],
  ["filter pref range", (t) => t.filters.add({ dev: "v0", parent: "1:", pref: 70000, kind: "u32" }), RangeError, /^pref: 70000 is out of range/],
  ["filter handle without kind", (t) => t.filters.delete({ dev: "v0", parent: "1:", handle: 5 }), TypeError, /^kind: required when a handle is given/],
  ["u32 key offset", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "u32", options: { sel: { keys: [{ val: 1, mask: 1, off: 6, offmask: 0 }] } } }), RangeError, /^options\.sel\.keys\[0\]\.off: 6 is not a multiple of 4/],
  ["u32 classid", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "u32", options: { classid: "1:zz" } }), TypeError, /^options\.classid: "1:zz" is not a class id/],
  ["skip_hw and skip_sw", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "matchall", options: { skipHw: true, skipSw: true } }), TypeError, /^options\.skipSw: skipHw and skipSw are mutually exclusive/],
  ["mirred direction", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "matchall", options: { actions: [{ kind: "mirred", direction: "sideways", action: "redirect", ifindex: 3 } as never] } }), TypeError, /^options\.actions\[0\]\.direction: expected "egress" or "ingress"/],
  ["gact verdict", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "matchall", options: { actions: [{ kind: "gact", verdict: "explode" }] } }), TypeError, /^options\.actions\[0\]\.verdict: unknown verdict "explode"/],
  ["police without burst", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "matchall", options: { actions: [{ kind: "police", rate: "1mbit" }] } }), TypeError, /^options\.actions\[0\]\.burst: required with rate/],
  ["bpf pinned not a path", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "bpf", options: { pinned: 5 as never } }), TypeError, /^options\.pinned: expected a path in a bpffs/],
  ["bpf pinned and fd", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "bpf", options: { pinned: "/sys/fs/bpf/p", fd: 3 } }), TypeError, /^options\.pinned: give either fd or pinned/],
  ["bpf pinned, bad classid (checked before BPF_OBJ_GET)", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "bpf", options: { pinned: "/sys/fs/bpf/p", classid: "x" } }), TypeError, /classid/],
  ["filter block and dev", (t) => t.filters.add({ dev: "v0", block: 3, kind: "u32" }), TypeError, /^block: give a link/],
  ["filter block 0", (t) => t.filters.add({ block: 0, kind: "u32" }), RangeError, /^block: 0 is out of range/],
  ["chain block with parent", (t) => t.chains.add({ block: 3, parent: "ingress", chain: 1 }), TypeError, /^parent: a shared block's filters have no parent/],
  ["chain template on delete", (t) => t.chains.delete({ dev: "v0", parent: "ingress", chain: 1, kind: "flower" }), TypeError, /^kind: a chain template is given on add only/],
  ["bpf without fd", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "bpf", options: { name: "x" } }), TypeError, /^options\.fd: a bpf filter needs a program file descriptor/],
  ["bad cookie", (t) => t.filters.add({ dev: "v0", parent: "1:", kind: "matchall", options: { actions: [{ kind: "gact", verdict: "pass", cookie: "xyz" }] } }), TypeError, /^options\.actions\[0\]\.cookie: expected 1\.\.16 bytes as hex/],
];

describe("nl.tc: bad input refused before any request", () => {
  itRefusesBeforeAnySyscall(CASES, (conn) => [new TcApi(conn)]);
});
