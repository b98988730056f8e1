/**
 * The RTM_{NEW,DEL}{QDISC,TCLASS,TFILTER} requests nl.tc sends equal, byte
 * for byte (nlmsg_seq and nlmsg_pid zeroed), what tc 6.1 sends for the same
 * command, captured with strace by `sudo bun fixtures/tc/iproute2-captures.ts`
 * (v0 = 10, v1 = 11, ifb0x = 12). This covers the rate tables (tc_core),
 * tc's defaults, attribute order and the action layout, and the kinds this
 * kernel lacks (netem, fq_codel, fq, prio, sfq, matchall, gact, police,
 * skbedit), whose requests the kernel refused after tc sent them; and the
 * shared-action requests (RTM_{NEW,DEL,GET}ACTION: add, replace, change,
 * delete, get, list dump with its large-dump flag, flush) and the chain
 * requests (RTM_{NEW,DEL,GET}CHAIN).
 */
import { CAPTURES, LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { parseNetem } from "../../cli/tc/parse-netem.ts";
import { parseQdiscArgs } from "../../cli/tc/parse-qdisc.ts";
import { parseFilterArgs } from "../../cli/tc/parse-filter.ts";

const w = (s: string) => s.split(" ");

const CALLS: Record<string, (t: TcApi) => unknown> = {
  "tc-qdisc-add-htb": (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb", options: { defaultClass: 0x10 } }),
  "tc-qdisc-add-htb-opts": (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb", options: { defaultClass: 0x20, r2q: 5, directQlen: 100 } }),
  "tc-qdisc-replace-tbf": (t) => t.qdiscs.replace({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit", burst: "32kb", latency: "400ms" } }),
  "tc-qdisc-add-tbf-limit-peak": (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "5:", kind: "tbf", options: { rate: 1250000, burst: 10240, limit: 30000, peakrate: "20mbit", mtu: 1600 } }),
  "tc-qdisc-add-pfifo": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "pfifo", options: { limit: 100 } }),
  "tc-qdisc-add-bfifo": (t) => t.qdiscs.add({ dev: "v0", parent: "1:10", handle: "10:", kind: "bfifo", options: { limit: 30000 } }),
  "tc-qdisc-add-pfifo-fast": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "pfifo_fast" }),
  "tc-qdisc-add-ingress": (t) => t.qdiscs.add({ dev: "v0", kind: "ingress" }),
  "tc-qdisc-add-clsact": (t) => t.qdiscs.add({ ifindex: 10, kind: "clsact" }),
  "tc-qdisc-add-mq": (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "2:", kind: "mq" }),
  "tc-qdisc-del-root": (t) => t.qdiscs.delete({ dev: "v0", parent: "root" }),
  "tc-qdisc-add-netem": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: "100ms", jitter: "10ms", loss: 1, limit: 2000 } }),
  "tc-qdisc-add-netem-reorder": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: 10000, reorder: 25, reorderCorrelation: 50, rate: "1mbit" } }),
  // The netem words go through the CLI's parser (cli/tc/parse-netem.ts) into the API.
  "tc-qdisc-add-netem-state": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: parseNetem(w("delay 5ms loss state 1% 10% 5% 80% ecn")) }),
  "tc-qdisc-add-netem-gemodel": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { lossGemodel: { p: 2, r: 20, oneMinusH: 95, oneMinusK: 1 }, duplicate: 1, duplicateCorrelation: 25 } }),
  "tc-qdisc-add-netem-gemodel-p": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: parseNetem(w("loss gemodel 5% delay 1ms 100us 10%")) }),
  "tc-qdisc-add-netem-slot": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: parseNetem(w("slot 10ms 20ms packets 5 bytes 64k rate 10mbit 20 100 -4 corrupt 0.1% limit 3000")) }),
  "tc-qdisc-add-fq-opts": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "fq", options: parseQdiscArgs("fq", "qdisc", w("limit 5000 flow_limit 50 buckets 1000 quantum 3028 initial_quantum 15140 nopacing maxrate 1gbit defrate 10mbit low_rate_threshold 550kbit refill_delay 40ms orphan_mask 511 ce_threshold 2ms timer_slack 20us horizon 5s horizon_cap")) }),
  "tc-qdisc-add-sfq-red": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "sfq", options: parseQdiscArgs("sfq", "qdisc", w("limit 3000 headdrop depth 64 redflowlimit 100000 min 8000 max 60000 probability 0.2 ecn harddrop")) }),
  "tc-qdisc-add-sfq-red-defaults": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "sfq", options: { red: { limit: 40000, avpkt: 1500 } } }),
  "tc-qdisc-add-fq-codel": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "fq_codel", options: { limit: 1000, flows: 1024, target: "5ms", interval: "100ms", ecn: true } }),
  "tc-qdisc-add-fq": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "fq" }),
  "tc-qdisc-add-prio": (t) => t.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "prio" }),
  "tc-qdisc-add-sfq": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "sfq", options: { perturb: 10 } }),
  "tc-class-add-htb": (t) => t.classes.add({ dev: "v1", parent: "1:", handle: "1:10", kind: "htb", options: { rate: "1mbit", ceil: "2mbit" } }),
  "tc-class-add-htb-opts": (t) => t.classes.add({ dev: "v1", parent: "1:", handle: "1:20", kind: "htb", options: { rate: "10mbit", burst: "15k", cburst: "20k", prio: 2, quantum: 1500 } }),
  "tc-class-replace-htb": (t) => t.classes.replace({ dev: "v1", parent: "1:", handle: "1:10", kind: "htb", options: { rate: "5gbit" } }),
  "tc-class-del": (t) => t.classes.delete({ dev: "v1", handle: "1:10" }),
  "tc-filter-add-u32-flowid": (t) => t.filters.add({ dev: "v1", parent: "1:", protocol: "ip", pref: 1, kind: "u32", options: { classid: "1:10", sel: { keys: [{ val: 0xc0000201, mask: 0xffffffff, off: 16, offmask: 0 }] } } }),
  "tc-filter-add-u32-mirred": (t) => t.filters.add({ dev: "v0", parent: "ffff:fff2", protocol: "all", pref: 49152, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] }, actions: [{ kind: "mirred", direction: "egress", action: "redirect", ifindex: 12 }] } }),
  "tc-filter-add-u32-mirror": (t) => t.filters.add({ dev: "v0", parent: "egress", protocol: "ipv6", pref: 3, kind: "u32", options: { sel: { keys: [{ val: 0x20010db8, mask: 0xffffffff, off: 24, offmask: 0 }] }, actions: [{ kind: "mirred", direction: "ingress", action: "mirror", ifindex: 11 }] } }),
  "tc-filter-del-pref": (t) => t.filters.delete({ dev: "v1", parent: "1:", protocol: "ip", pref: 1 }),
  "tc-filter-add-matchall-gact": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 5, kind: "matchall", options: { actions: [{ kind: "gact", verdict: "drop" }] } }),
  "tc-filter-add-matchall-police": (t) => t.filters.add({ dev: "v0", parent: "ingress", protocol: "ip", pref: 6, kind: "matchall", options: { actions: [{ kind: "police", rate: "1mbit", burst: "10k", exceed: "drop", conform: "pipe" }] } }),
  "tc-filter-add-matchall-police-pkts": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 8, kind: "matchall", ...parseFilterArgs("matchall", w("action police pkts_rate 1000 pkts_burst 200 conform-exceed drop/ok"), undefined) }),
  "tc-filter-add-matchall-skbedit": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 7, kind: "matchall", options: { classid: "1:10", actions: [{ kind: "skbedit", mark: 7, priority: "1:20" }] } }),
  "tc-action-add-mirred": (t) => t.actions.add({ kind: "mirred", direction: "egress", action: "mirror", ifindex: 11, index: 9 }),
  "tc-action-replace-mirred-cookie": (t) => t.actions.replace({ kind: "mirred", direction: "egress", action: "redirect", dev: "v0", index: 9, cookie: "0102" } as never),
  "tc-action-change-two": (t) => t.actions.change([
    { kind: "mirred", direction: "ingress", action: "redirect", ifindex: 11 },
    { kind: "mirred", direction: "egress", action: "mirror", ifindex: 12, verdict: "pass", index: 4 },
  ]),
  "tc-action-add-skbedit-flags": (t) => t.actions.add({ kind: "skbedit", mark: 5, cookie: "0a0b", hwStats: ["delayed"], skipSw: true }),
  "tc-action-add-gact": (t) => t.actions.add({ kind: "gact", verdict: "drop", index: 3 }),
  "tc-action-add-police": (t) => t.actions.add({ kind: "police", rate: "1mbit", burst: "10k" }),
  "tc-action-del": (t) => t.actions.delete({ kind: "mirred", index: 9 }),
  "tc-action-del-two": (t) => t.actions.delete([{ kind: "mirred", index: 9 }, { kind: "gact", index: 2 }]),
  // The fake kernel ACKs instead of answering: only the request is compared.
  "tc-action-get": (t) => { try { t.actions.get({ kind: "mirred", index: 9 }); } catch { /* no answer */ } },
  "tc-action-ls": (t) => t.actions.list("mirred"),
  "tc-action-ls-since": (t) => t.actions.list("gact", { since: 5000 }),
  "tc-action-flush": (t) => t.actions.flush("mirred"),
  "tc-chain-add": (t) => t.chains.add({ dev: "v0", parent: "ingress", chain: 7 }),
  "tc-chain-add-default": (t) => t.chains.add({ ifindex: 10, parent: "ffff:fff3" }),
  "tc-chain-del": (t) => t.chains.delete({ dev: "v0", parent: "egress", chain: 3 }),
  "tc-chain-get": (t) => { try { t.chains.get({ dev: "v0", parent: "ingress", chain: 7 }); } catch { /* the fake kernel ACKs */ } },
  "tc-chain-show": (t) => t.chains.list({ dev: "v0", parent: "ingress" }),
  "tc-chain-add-template-flower": (t) => t.chains.add({ dev: "v0", parent: "ingress", chain: 3, kind: "flower", options: { ethDst: "02:00:00:00:00:01", ethDstMask: "ff:ff:ff:ff:ff:ff", skipHw: true, ethType: 0 } }),
  "tc-chain-add-template-flower-bare": (t) => t.chains.add({ dev: "v0", parent: "egress", chain: 4, kind: "flower", options: { ethType: 0 } }),
  "tc-chain-add-template-u32": (t) => t.chains.add({ dev: "v0", parent: "ingress", chain: 5, kind: "u32" }),
  "tc-chain-add-block": (t) => t.chains.add({ block: 7, chain: 2 }),
  "tc-chain-add-pref-proto": (t) => t.chains.add({ dev: "v0", parent: "ingress", pref: 3, protocol: "ip", chain: 6 }),
  "tc-chain-del-block": (t) => t.chains.delete({ block: 7, chain: 2 }),
  "tc-filter-add-block": (t) => t.filters.add({ block: 7, protocol: "ip", pref: 2, chain: 1, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] } } }),
  "tc-filter-del-block": (t) => t.filters.delete({ block: 7, pref: 2 }),
};

describeIproute2Bytes("tc requests equal iproute2's (strace captures)", {
  captures: CAPTURES,
  calls: CALLS,
  api: (c) => new TcApi(c),
  types: [RTM_TC.NEWQDISC, RTM_TC.DELQDISC, RTM_TC.NEWTCLASS, RTM_TC.DELTCLASS, RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER, RTM_TC.NEWACTION, RTM_TC.DELACTION, RTM_TC.GETACTION, RTM_TC.NEWCHAIN, RTM_TC.DELCHAIN, RTM_TC.GETCHAIN],
  links: LINKS,
  read: readTcCapture,
});
