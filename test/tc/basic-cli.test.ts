/**
 * `bun-netlink-tc filter add ... basic ...`: the request our CLI sends
 * (cli/tc/parse-basic.ts and parse-ematch.ts through nl.tc, over the fake
 * kernel) equals, byte for byte, the one tc 6.1 sent for the same command
 * line (strace captures, fixtures/tc/basic-captures.ts; this kernel lacks
 * cls_basic, so bytes are the reference): cmp, nbyte, u32 and meta
 * ematches, and/or/not trees with nesting, quoted strings with escapes
 * (and tc's shared string buffer), police, actions, handle.
 */
import { BASIC_CAPTURES } from "../../fixtures/tc/basic-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const calls: Record<string, (conn: NetlinkConnection) => unknown> = {};
for (const c of BASIC_CAPTURES) {
  calls[c.name] = (conn) => doFilter(fakeTcCtx(conn, LINKS), c.args.slice(1));
}

describeIproute2Bytes("bun-netlink-tc basic (ematch, police) requests equal tc 6.1's (strace captures)", {
  captures: BASIC_CAPTURES,
  calls,
  api: (conn) => conn,
  types: [RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER],
  links: LINKS,
  read: readTcCapture,
  checkCommand: false, // the capture shell-quotes the words with spaces; the args are the capture list's own
});
