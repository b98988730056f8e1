/**
 * `bun-netlink-tc filter add|replace|change ... flower ...`: the request
 * our CLI sends (cli/tc/parse-flower.ts through nl.tc, over the fake
 * kernel) equals, byte for byte, the one tc 6.1 sent for the same command
 * line (strace captures, fixtures/tc/flower-captures.ts; this kernel lacks
 * flower, so bytes are the reference).
 */
import { FLOWER_CAPTURES } from "../../fixtures/tc/flower-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const calls: Record<string, (conn: NetlinkConnection) => unknown> = {};
for (const c of FLOWER_CAPTURES) {
  calls[c.name] = (conn) => doFilter(fakeTcCtx(conn, LINKS), c.args.slice(1));
}

describeIproute2Bytes("bun-netlink-tc flower requests equal tc 6.1's (strace captures)", {
  captures: FLOWER_CAPTURES,
  calls,
  api: (conn) => conn,
  types: [RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER],
  links: LINKS,
  read: readTcCapture,
});
