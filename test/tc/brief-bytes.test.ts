/**
 * `bun-netlink-tc -brief` listings and flush: the request our CLI sends
 * (over the fake kernel) equals, byte for byte, the one tc 6.1 sent for the
 * same command line (strace captures, fixtures/tc/brief-captures.ts):
 * TCA_DUMP_FLAGS_TERSE after TCA_CHAIN on filter dumps, TCA_ACT_FLAG_TERSE_DUMP
 * with LARGE_DUMP_ON in the root flags of action dumps and flushes.
 */
import { BRIEF_CAPTURES } from "../../fixtures/tc/brief-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { doAction } from "../../cli/tc/action.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const calls: Record<string, (conn: NetlinkConnection) => unknown> = {};
for (const c of BRIEF_CAPTURES) {
  const words = c.args.slice(1); // after -brief
  calls[c.name] = (conn) => (words[0] === "filter" ? doFilter : doAction)(fakeTcCtx(conn, LINKS, { brief: true }), words.slice(1));
}

describeIproute2Bytes("bun-netlink-tc -brief requests equal tc 6.1's (strace captures)", {
  captures: BRIEF_CAPTURES,
  calls,
  api: (conn) => conn,
  types: [RTM_TC.GETTFILTER, RTM_TC.GETACTION, RTM_TC.DELACTION],
  links: LINKS,
  read: readTcCapture,
});
