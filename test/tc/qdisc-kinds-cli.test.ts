/**
 * `bun-netlink-tc qdisc add ... codel|pie|fq_pie|red|cake|drr|ets|multiq|mqprio|hfsc|qfq|choke|sfb|hhf|cbs|etf|skbprio|plug ...` prints and exits
 * as tc 6.1 does, in one throwaway namespace (veth v0): the parse
 * refusals (Illegal, What is, usage, missing values, red's required
 * parameters, EWMA/probability failures, qevent errors) end before any
 * request; red's stderr notes (bandwidth default, large burst) come before
 * the kernel's answer; lines that parse end at this kernel's refusal of
 * the kind, compared too. On a kernel that has the kind, tc runs in one
 * namespace and ours in its twin: the qdiscs made must be the same (tc -j
 * of both), and our `qdisc show` (text, -d, -j) of the kernel's dump must
 * equal tc's.
 * Library validation of the same kinds: errors name the field, nothing is
 * sent.
 */
import { describe, expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";
import { LINKS } from "../../fixtures/tc/iproute2-captures.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { spawnSync } from "node:child_process";
import { tcJson, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const Q = "qdisc add dev v0 root";
const C = "class add dev v0 parent 1: classid 1:1";
/** Command lines (after `tc -n NS`), each compared as stdout, stderr and exit status. */
export const AQM_CLI_LINES: string[] = [
  // codel
  `${Q} codel help`, `${Q} codel bogus`, `${Q} codel limit`, `${Q} codel limit x`, `${Q} codel limit -1`, `${Q} codel limit 0x100000000`,
  `${Q} codel target 5xs`, `${Q} codel interval x`, `${Q} codel ce_threshold`, `${Q} codel ce_threshold 1q`, `${Q} codel ecn noecn limit 010 target 1.5ms`,
  `${Q} codel limit 1000 target 5ms interval 100ms`,
  // pie
  `${Q} pie help`, `${Q} pie foo`, `${Q} pie alpha 33`, `${Q} pie beta x`, `${Q} pie alpha 32 beta 0x20 tupdate 30ms`, `${Q} pie tupdate`,
  `${Q} pie flows 5`, `${Q} pie quantum 1500`, `${Q} pie limit 1000 ecn bytemode no_dq_rate_estimator`,
  // fq_pie
  `${Q} fq_pie help`, `${Q} fq_pie ecn_prob 100`, `${Q} fq_pie ecn_prob 99 flows 1024`, `${Q} fq_pie quantum 1.5k`, `${Q} fq_pie quantum x`,
  `${Q} fq_pie memory_limit 32q`, `${Q} fq_pie alpha 40`, `${Q} fq_pie flows -5`, `${Q} fq_pie bogus 1`, `${Q} fq_pie limit 100 target 10ms nobytemode`,
  // red
  `${Q} red`, `${Q} red help`, `${Q} red limit 100000`, `${Q} red avpkt 1000`, `${Q} red limit 100k avpkt 1k bogus`, `${Q} red limit x avpkt 1000`,
  `${Q} red limit 100k avpkt 1k burst x`, `${Q} red limit 100k avpkt 1k probability x`, `${Q} red limit 100k avpkt 1k probability 0.5abc`,
  `${Q} red limit 100k avpkt 1k bandwidth 10xbit`,   `${Q} red limit 100k avpkt 1k burst 1 min 30000`, `${Q} red limit 100k avpkt 1k burst 5000`, `${Q} red limit 100k avpkt 1k min 40k max 30k`, `${Q} red limit 100k avpkt 1k min 40k max 30k burst 100`,
  `${Q} red limit 100k avpkt 1k probability -1`, `${Q} red limit 400000 avpkt 1000 adaptative nodrop`,
  `${Q} red limit 100k avpkt 1k qevent`, `${Q} red limit 100k avpkt 1k qevent bogus block 1`, `${Q} red limit 100k avpkt 1k qevent mark`,
  `${Q} red limit 100k avpkt 1k qevent mark block`, `${Q} red limit 100k avpkt 1k qevent mark block 0`, `${Q} red limit 100k avpkt 1k qevent mark block 5 block 6`,
  `${Q} red limit 100k avpkt 1k qevent mark ecn`, `${Q} red limit 100k avpkt 1k qevent mark block 5 qevent mark block 6`,
  `${Q} red limit 100k avpkt 1k qev early_drop block 7 ecn`, `${Q} red limit 100k avpkt 1k qevent early_drop block 7`,
  `${Q} red limit 1000000 min 30000 max 90000 avpkt 1500 burst 55 probability 0.1 bandwidth 100mbit ecn harddrop`,
  // cake
  `${Q} cake help`, `${Q} cake bogus`, `${Q} cake bandwidth`, `${Q} cake bandwidth 10xbit`, `${Q} cake rtt x`, `${Q} cake lan metro`,
  `${Q} cake overhead 300`, `${Q} cake overhead -65`, `${Q} cake overhead 1x`, `${Q} cake overhead 9223372036854775808`, `${Q} cake mpu 257`,
  `${Q} cake mpu -1`, `${Q} cake memlimit 1q`, `${Q} cake fwmark 0x100000000`, `${Q} cake fwmark zz`, `${Q} cake rtt 10us diffserv`,
  `${Q} cake bandwidth 0 ethernet ether-vlan`, `${Q} cake unlimited bandwidth 1gbit via-ethernet ipoa-vcmux bridged-llcsnap pppoa-llc`,
  `${Q} cake bandwidth 10mbit unlimited hosts srchost dsthost triple-isolate flows dual-srchost ack-filter nat`,
  // drr, ets, multiq (qdiscs and classes), classless kinds as classes
  `${Q} drr help`, `${Q} drr quantum 1500`, `${Q} drr`, `${C} drr help`, `${C} drr quantum`, `${C} drr quantum 1q`, `${C} drr bogus`, `${C} drr quantum 1k`,
  `${Q} ets`, `${Q} ets help`, `${Q} ets bands 17`, `${Q} ets bands x`, `${Q} ets bands 2 bands 3`, `${Q} ets strict 2 strict 1`, `${Q} ets quanta`,
  `${Q} ets quanta 0`, `${Q} ets quanta x`, `${Q} ets quanta 10 bands 2 quanta 5`, `${Q} ets quanta 10 20 bands 1`, `${Q} ets bands 2 priomap 0 1 2`,
  `${Q} ets bands 3 priomap 0 1 2 0 1 2 0 1 2 0 1 2 0 1 2 0 1`, `${Q} ets priomap x`, `${Q} ets bands 2 priomap 1 bogus`, `${Q} ets quanta 100 bands`,
  `${Q} ets bands 4 strict 1 quanta 100 200 priomap 3 2 1 0`, `${C} ets quantum 0`, `${C} ets quantum 5 quantum 6`, `${C} ets help`, `${C} ets quantum 5`,
  `${Q} multiq help`, `${Q} multiq bands 4`, `${Q} multiq`, `${C} multiq`, `${C} codel limit 5`, `${C} cake`, `${C} red limit 1`,
  // mqprio
  `${Q} mqprio help`, `${Q} mqprio bogus`, `${Q} mqprio num_tc`, `${Q} mqprio num_tc 256`, `${Q} mqprio num_tc x`, `${Q} mqprio hw 2 hw x`,
  `${Q} mqprio map 1 2 x`, `${Q} mqprio num_tc 1 queues 1@0 2@1`, `${Q} mqprio queues 1@0 2@ hw 1`, `${Q} mqprio queues 1@x`, `${Q} mqprio hw 0 mode channel`,
  `${Q} mqprio mode bogus`, `${Q} mqprio mode c`, `${Q} mqprio shaper bw_rlimit`, `${Q} mqprio shaper x`, `${Q} mqprio shaper bw_rlimit min_rate 1mbit`,
  `${Q} mqprio num_tc 1 shaper bw_rlimit min_rate 1mbit`, `${Q} mqprio min_rate 1mbit`, `${Q} mqprio num_tc 2 shaper bw_rlimit max_rate 1mbit 2mbit hw 1`,
  `${Q} mqprio num_tc 2 map 0 1 0 1 queues 2@0 2@2 hw 1 mode dcb shaper dcb`, `${C} mqprio`,
  // hfsc, qfq
  `${Q} hfsc help`, `${Q} hfsc h`, `${Q} hfsc bogus`, `${Q} hfsc default`, `${Q} hfsc default x`, `${Q} hfsc def 10 default 11`, `${Q} hfsc default 10000`,
  `${Q} hfsc default 0 default 5`, `${C} hfsc`, `${C} hfsc help`, `${C} hfsc bogus`, `${C} hfsc rt`, `${C} hfsc rt m1`, `${C} hfsc rt m1 1mbit`,
  `${C} hfsc rt m1 x d 1ms m2 1mbit`, `${C} hfsc rt d x m2 1mbit`, `${C} hfsc rt m2 x`, `${C} hfsc rt m2 0`, `${C} hfsc rt m1 0 m2 0`, `${C} hfsc ls umax 1500 rate 1mbit`,
  `${C} hfsc ls umax x dmax 1ms rate 1mbit`, `${C} hfsc ls dmax 1ms rate x`, `${C} hfsc ls umax 5000 dmax 100ms rate 10mbit`, `${C} hfsc ul m2 1mbit`, `${C} hfsc rt m2 1mbit ul m2 2mbit`,
  `${C} hfsc r m2 1mbit l m2 2mbit u m2 3mbit`, `${C} hfsc rt bogus 1`, `${C} hfsc sc m 1mbit d 1ms m2 2mbit`,
  `${C} hfsc rt d 10ms rate 1mbit`, `${C} hfsc rt dmax 10ms rate 1mbit ls m2 1mbit`,
  `${Q} qfq help`, `${Q} qfq h`, `${Q} qfq weight 1`, `${Q} qfq`, `${C} qfq weight`, `${C} qfq weight x`, `${C} qfq maxpkt -1`, `${C} qfq w 1 m 2`,
  `${C} qfq help`, `${C} qfq h`, `${C} qfq bogus`,
  // choke, sfb, hhf, cbs, etf, skbprio, plug
  `${Q} choke`, `${Q} choke help`, `${Q} choke limit 100`, `${Q} choke limit x`, `${Q} choke bandwidth 10xbit`, `${Q} choke limit 100 bandwidth 1mbit max 200`,
  `${Q} choke limit 100 bandwidth 1mbit min 30 max 30`, `${Q} choke limit 1000 bandwidth 1mbit burst 1 min 100`, `${Q} choke limit 1000 bandwidth 1mbit burst 100000`,
  `${Q} choke limit 1000 bandwidth 1mbit probability x`, `${Q} choke limit 1000 bandwidth 1mbit bogus`, `${Q} choke limit 1000 bandwidth 1mbit avpkt 1q`,
  `${Q} choke limit 1000 bandwidth 1mbit ecn probability 0.1`, `${Q} choke bandwidth 1mbit limit`,
  `${Q} sfb help`, `${Q} sfb bogus`, `${Q} sfb rehash x`, `${Q} sfb increment 1.5`, `${Q} sfb increment -0.1`, `${Q} sfb decrement 0.5x`, `${Q} sfb db`,
  `${Q} sfb max 100 limit 10 penalty_rate 5 penalty_burst 0x10`,
  `${Q} hhf help`, `${Q} hhf bogus`, `${Q} hhf limit x`, `${Q} hhf reset_timeout 1q`, `${Q} hhf quantum 1k`, `${Q} hhf evict_timeout 2s non_hh_weight 3`,
  `${Q} cbs help`, `${Q} cbs bogus`, `${Q} cbs hi 1 hi 2`, `${Q} cbs offload 2 offload 3`, `${Q} cbs offload 256`, `${Q} cbs locredit 2147483648`,
  `${Q} cbs idleslope x`, `${Q} cbs sendslope -10 idle 20 lo -5 hicredit 0x10`, `${Q} cbs offload`,
  `${Q} etf help`, `${Q} etf bogus`, `${Q} etf clockid`, `${Q} etf clockid bogus`, `${Q} etf clockid tai clockid tai`, `${Q} etf clockid clock_monotonic delta 5`,
  `${Q} etf clockid xCLOCK_TAI`, `${Q} etf delta 5 delta 6`, `${Q} etf delta x`, `${Q} etf off off`, `${Q} etf deadline_mode dead`, `${Q} etf skip_sock_check skip_sock_check`,
  `${Q} etf skip_sock delta -5 clockid BOOTTIME`,
  `${Q} skbprio help`, `${Q} skbprio bogus`, `${Q} skbprio limit x`, `${Q} skbprio limit 1k`, `${Q} skbprio limit`,
  `${Q} plug help`, `${Q} plug bogus`, `${Q} plug limit x`, `${Q} plug block`, `${Q} plug limit 5 release`, `${C} plug block`, `${C} sfb`,
];

describeKernel("tc qdisc add ... codel|pie|fq_pie|red|cake|drr|ets|multiq|mqprio|hfsc|qfq|choke|sfb|hhf|cbs|etf|skbprio|plug: bun-netlink-tc prints and exits as tc", () => {
  it("every line prints the same and exits the same; what a kernel with the kind makes is the same and shows the same", async () => {
    // twin namespaces: tc in a, ours in b; each line starts from no root qdisc
    using a = tcNetns(false);
    using b = tcNetns(false);
    const show = (opts: string[]) => [...opts, "qdisc", "show", "dev", "v0"];
    for (const line of AQM_CLI_LINES) {
      const args = line.split(" ");
      const theirs = theirsTc(a.name, args);
      expect(await oursTc(b.name, args), line).toEqual(theirs);
      if (theirs.code === 0) {
        // a kernel that has the kind: the same qdisc in both, and our show of it equals tc's
        // handles the kernel picks (no `handle` word) differ between namespaces
        const objects = (ns: string) => (tcJson(ns, ["qdisc", "show", "dev", "v0"]) as Array<Record<string, unknown>>).map(({ handle, ...q }) => (args.includes("handle") ? { handle, ...q } : q));
        expect(objects(b.name), `${line}: kernel objects`).toEqual(objects(a.name));
        for (const opts of [[], ["-d"], ["-s"], ["-j"], ["-s", "-d", "-j"]]) {
          const t = theirsTc(b.name, show(opts));
          const o = await oursTc(b.name, show(opts));
          if (opts.includes("-s")) expect(o.code, `${line}: tc ${opts.join(" ")} qdisc show`).toBe(t.code); // counters move between the two reads
          else expect(o, `${line}: tc ${opts.join(" ")} qdisc show`).toEqual(t);
        }
      }
      for (const ns of [a.name, b.name]) spawnSync("tc", ["-n", ns, "qdisc", "del", "dev", "v0", "root"], { stdio: "ignore" });
    }
  }, 300_000);
});

describe("nl.tc codel|pie|fq_pie|red|cake|drr|ets|multiq|mqprio|hfsc|qfq|choke|sfb|hhf|cbs|etf|skbprio|plug: bad options are refused by field name before any request", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["codel", { limit: -1 }, /options\.limit: -1 is out of range/],
    ["codel", { target: "5xs" }, /options\.target: "5xs" is not a valid time/],
    ["codel", { ecn: "yes" }, /options\.ecn: expected a boolean/],
    ["pie", { alpha: 33 }, /options\.alpha: 33 is out of range 0\.\.32/],
    ["pie", { tupdate: {} }, /options\.tupdate: expected a time/],
    ["fq_pie", { ecnProb: 100 }, /options\.ecnProb: 100 is out of range 0\.\.99/],
    ["fq_pie", { memoryLimit: "32q" }, /options\.memoryLimit/],
    ["red", undefined, /options\.limit: required for red/],
    ["red", { limit: 1000 }, /options\.avpkt: required for red/],
    ["red", { limit: 0, avpkt: 1000 }, /options\.limit: must be above 0/],
    ["red", { limit: "100k", avpkt: "1k", burst: 1, min: 30000 }, /options\.burst: burst 1 is too small, try burst 30/],
    ["red", { limit: "100k", avpkt: "1k", min: "40k", max: "30k", burst: 100 }, /options\.probability: failed to calculate/],
    ["red", { limit: "100k", avpkt: "1k", probability: -1 }, /options\.probability: expected a number/],
    ["red", { limit: "100k", avpkt: "1k", markBlock: 0 }, /options\.markBlock: 0 is out of range/],
    ["red", { limit: "100k", avpkt: "1k", nodrop: 1 }, /options\.nodrop: expected a boolean/],
    ["cake", { diffserv: "diffserv5" }, /options\.diffserv: expected one of diffserv3, diffserv4/],
    ["cake", { flowMode: "host" }, /options\.flowMode: expected one of flowblind/],
    ["cake", { overhead: 257 }, /options\.overhead: 257 is out of range -64\.\.256/],
    ["cake", { mpu: -1 }, /options\.mpu: -1 is out of range 0\.\.256/],
    ["cake", { bandwidth: "fast" }, /options\.bandwidth: "fast" is not a valid rate/],
    ["cake", { ackFilter: true }, /options\.ackFilter: expected one of none, filter, aggressive/],
    ["cake", { atm: "adsl" }, /options\.atm: expected one of noatm, atm, ptm/],
    ["cake", { wash: "yes" }, /options\.wash: expected a boolean/],
    ["drr", { quantum: 1500 }, /options: a drr qdisc takes no options/],
    ["ets", undefined, /options\.bands: one of bands, quanta or strict is required/],
    ["ets", { bands: 17 }, /options\.bands: 17 is out of range 0\.\.16/],
    ["ets", { quanta: [10, 0] }, /options\.quanta\[1\]: 0 is out of range/],
    ["ets", { bands: 1, quanta: [10, 20] }, /options\.bands: 1 bands do not cover 0 strict bands and 2 quanta/],
    ["ets", { bands: 2, priomap: [0, 2] }, /options\.priomap\[1\]: 2 is out of range 0\.\.1/],
    ["mqprio", { numTc: 256 }, /options\.numTc: 256 is out of range 0\.\.255/],
    ["mqprio", { numTc: 1, queues: [{ count: 1, offset: 0 }, { count: 1, offset: 1 }] }, /options\.queues: 2 count\/offset pairs, above numTc 1/],
    ["mqprio", { queues: [{ count: 70000, offset: 0 }] }, /options\.queues\[0\]\.count: 70000 is out of range/],
    ["mqprio", { hw: 0, mode: "channel" }, /options\.mode: needs hw/],
    ["mqprio", { minRate: ["1mbit"] }, /options\.minRate: needs shaper "bw_rlimit"/],
    ["mqprio", { shaper: "bw_rlimit", maxRate: ["fast"] }, /options\.maxRate\[0\]: "fast" is not a valid rate/],
    ["mqprio", { map: [0, 1, 300] }, /options\.map\[2\]: 300 is out of range/],
    ["hfsc", { defaultClass: 0x10000 }, /options\.defaultClass: 65536 is out of range/],
    ["qfq", { weight: 1 }, /options: a qfq qdisc takes no options/],
    ["choke", { limit: 100 }, /options\.bandwidth: required for choke/],
    ["choke", { limit: 100, bandwidth: "1mbit", max: 200 }, /options\.max: larger than limit/],
    ["choke", { limit: 100, bandwidth: "1mbit", min: 30, max: 30 }, /options\.min: not smaller than max/],
    ["sfb", { increment: 1.5 }, /options\.increment: expected a fraction 0\.\.1/],
    ["sfb", { rehash: -1 }, /options\.rehash: -1 is out of range/],
    ["hhf", { resetTimeout: "1q" }, /options\.resetTimeout: "1q" is not a valid time/],
    ["cbs", { locredit: 2 ** 31 }, /options\.locredit: 2147483648 is out of range/],
    ["etf", { clockid: "CLOCK_FOO" }, /options\.clockid: expected one of REALTIME, TAI, BOOTTIME, MONOTONIC/],
    ["etf", { offload: 1 }, /options\.offload: expected a boolean/],
    ["skbprio", { limit: "1q" }, /options\.limit: "1q" is not a valid size/],
    ["plug", { action: "stop" }, /options\.action: expected one of block, release, release_indefinite, limit/],
  ];
  it("class options: drr and ets quantum, hfsc curves, qfq weight", () => {
    const { conn, kernel } = fakeConn({ links: LINKS });
    const api = new TcApi(conn);
    expect(() => api.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "drr", options: { quantum: "1q" } })).toThrow(/options\.quantum: "1q" is not a valid size/);
    expect(() => api.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "ets", options: { quantum: 0 } })).toThrow(/options\.quantum: 0 is out of range 1\.\./);
    const hfsc = (options: unknown) => () => api.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "hfsc", options } as never);
    expect(hfsc(undefined)).toThrow(/options: one of rt, ls, sc is required/);
    expect(hfsc({ ul: { m2: 1000 } })).toThrow(/options\.ul: an upper-limit curve needs a link-share curve/);
    expect(hfsc({ rt: { m1: 0, m2: 0 } })).toThrow(/options\.rt: the service curve has two zero slopes/);
    expect(hfsc({ rt: { umax: 1500, rate: 1000 } })).toThrow(/options\.rt\.dmax: umax given but dmax is zero/);
    expect(hfsc({ ls: { m1: "1mbit" } })).toThrow(/options\.ls\.m2: required/);
    expect(hfsc({ ls: { m2: "1mbit", rate: "1mbit" } })).toThrow(/options\.ls: give m1\/d\/m2 or umax\/dmax\/rate/);
    expect(() => api.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "qfq", options: { weight: -1 } })).toThrow(/options\.weight: -1 is out of range/);
    expect(kernel.sent.length).toBe(0);
  });
  for (const [kind, options, re] of cases) {
    it(`${kind} ${JSON.stringify(options)}`, () => {
      const { conn, kernel } = fakeConn({ links: LINKS });
      expect(() => new TcApi(conn).qdiscs.add({ dev: "v0", parent: "root", kind, options } as never)).toThrow(re);
      expect(kernel.sent.length).toBe(0);
    });
  }
});
