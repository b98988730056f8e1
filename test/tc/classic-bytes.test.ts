/**
 * `bun-netlink-tc filter add|del ... fw|route|flow ...`: the request our CLI
 * sends (cli/tc/parse-fw.ts, parse-route.ts, parse-flow.ts through nl.tc,
 * over the fake kernel) equals, byte for byte, the one tc 6.1 sent for the
 * same command line (strace captures, fixtures/tc/classic-captures.ts; this
 * kernel lacks cls_fw, cls_route and cls_flow, so bytes are the reference):
 * fw handle masks, classid forms, own policer, indev, actions; route realms
 * (names too), fromif, order and the handle tc builds; flow modes, keys,
 * and/or/xor folding, addend forms (negative, addresses), ematches, police;
 * police's burst/mtu SIZE/CELL and mirred's `index N` without a direction.
 * A second suite builds some of the same requests from typed nl.tc options.
 */
import { CLASSIC_CAPTURES } from "../../fixtures/tc/classic-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { doAction } from "../../cli/tc/action.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const calls: Record<string, (conn: NetlinkConnection) => unknown> = {};
for (const c of CLASSIC_CAPTURES) {
  calls[c.name] = (conn) => {
    try {
      (c.args[0] === "actions" ? doAction : doFilter)(fakeTcCtx(conn, LINKS), c.args.slice(1));
    } catch (e) {
      // the fake kernel has no filter for `filter get` to answer with: the request was sent, which is what is compared
      if (!(c.args[1] === "get" && e instanceof Error && /sent no answer/.test(e.message))) throw e;
    }
  };
}

describeIproute2Bytes("bun-netlink-tc fw, route and flow requests equal tc 6.1's (strace captures)", {
  captures: CLASSIC_CAPTURES,
  calls,
  api: (conn) => conn,
  types: [RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER, RTM_TC.GETTFILTER, RTM_TC.NEWACTION],
  links: LINKS,
  read: readTcCapture,
  checkCommand: false, // the capture shell-quotes the words with spaces; the args are the capture list's own
});

const at = { dev: "v0", parent: "ffff:" };
const LIB: Record<string, (t: TcApi) => unknown> = {
  "tc-cls-fw-mask-flowid": (t) => t.filters.add({ ...at, pref: 3, handle: 10, kind: "fw", options: { mask: 0xff, classid: "10:1000", actions: [{ kind: "gact", verdict: "pass" }] } }),
  "tc-cls-fw-police-indev": (t) => t.filters.add({ ...at, protocol: "ip", pref: 2, handle: 4, kind: "fw", options: { police: { rate: "1mbit", burst: "10k", exceed: "drop" }, classid: "1:1", indev: "v1" } }),
  "tc-cls-route-fromif": (t) => t.filters.add({ ...at, protocol: "ip", pref: 100, kind: "route", options: { fromif: "v1", to: 10, classid: "1:10" } }),
  "tc-cls-route-order": (t) => t.filters.add({ ...at, protocol: "ip", pref: 3, kind: "route", options: { to: 3, order: 5, classid: "1:3" } }),
  "tc-cls-route-from-to": (t) => t.filters.add({ ...at, protocol: "ip", pref: 100, kind: "route", options: { from: 1, to: 10, classid: "1:10" } }),
  "tc-cls-flow-bitops": (t) => t.filters.add({ ...at, protocol: "ip", pref: 1, handle: 2, kind: "flow", options: { keys: ["mark"], rshift: 2, addend: 0x10, divisor: 64, baseclass: "1:10", mode: "map", mask: 0xf0, xor: 0x103 } }),
  "tc-cls-flow-addend-addr": (t) => t.filters.add({ ...at, protocol: "ip", pref: 1, handle: 3, kind: "flow", options: { keys: ["src"], addend: -0xc0000201, baseclass: "1:1" } }),
  "tc-cls-fw-police-cell": (t) => t.filters.add({ ...at, pref: 11, handle: 3, kind: "fw", options: { police: { rate: "1mbit", burst: "20k", burstCell: 64, exceed: "pipe" }, classid: "1:1" } }),
  "tc-cls-police-cell": (t) => t.filters.add({ ...at, protocol: "ip", pref: 10, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] }, actions: [{ kind: "police", rate: "1mbit", burst: "10k", burstCell: 8, mtu: "2k", mtuCell: 4, peakrate: "2mbit", exceed: "drop" }] } }),
  "tc-cls-mirred-index": (t) => t.filters.add({ ...at, protocol: "ip", pref: 12, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] }, actions: [{ kind: "mirred", index: 5 }] } }),
  "tc-cls-flow-bare": (t) => t.filters.add({ ...at, protocol: "ip", pref: 1, handle: 1, kind: "flow", options: {} }),
};

describeIproute2Bytes("nl.tc fw, route and flow typed options build tc 6.1's requests", {
  captures: CLASSIC_CAPTURES.filter((c) => c.name in LIB),
  calls: LIB,
  api: (conn) => new TcApi(conn),
  types: [RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER, RTM_TC.NEWACTION],
  links: LINKS,
  read: readTcCapture,
  checkCommand: false,
});
