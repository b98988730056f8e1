/**
 * Workload 6: one small request N times: get the link "lo" by name
 * (RTM_GETLINK with IFLA_IFNAME, answered by one RTM_NEWLINK). Reported as
 * the latency of one request. The library decodes every answer completely
 * (LinkApi.get); ip and the CLI run a batch file of N `link show dev lo`.
 * pyroute2 does fewer requests (its latency is per request all the same).
 * A second phase times the bare round trip: the index lookup by name that
 * every name-taking API makes (the C floor sends the same request).
 */
import { batch, batchFile, expectReported, occurrences, program } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";

/** Requests the slow Python peer makes instead of N. */
const PY_REQUESTS = 10_000;

const workload: Workload = {
  id: "latency",
  title: "small request latency",
  sizes: { full: [100_000], quick: [20_000], micro: [200] },
  rounds: (_size, mode) => (mode === "full" ? 3 : 1),
  shared: true,
  phases: [
    {
      id: "link-get",
      title: "get link by name",
      unit: "us/req",
      command(c, ctx, n) {
        if (c === "py") {
          const k = Math.min(n, PY_REQUESTS);
          const cmd = program(c, ctx, "link-get", k, "lo")!;
          return k < n ? { ...cmd, n: k } : cmd;
        }
        const cmd = program(c, ctx, "link-get", n, "lo");
        if (cmd !== undefined) return cmd;
        const b = batch(c, ctx, batchFile(ctx, `link-get-${n}`, () => Array.from({ length: n }, () => "link show dev lo")));
        if (b === undefined) return undefined;
        return {
          ...b,
          checkOutput: (out) => {
            const got = occurrences(out, ": lo: ");
            return got === n ? undefined : `printed lo ${got} times, expected ${n}`;
          },
        };
      },
      verify: (_ctx, n, rep) => expectReported(rep, rep.n ?? n, "requests"),
    },
    {
      // The round trip alone: the index lookup every name-taking API makes (resolveIndex), which asks the
      // kernel to skip statistics and decodes only ifi_index; the peers and ip have no such call.
      id: "link-index",
      title: "link index by name (round trip)",
      unit: "us/req",
      command: (c, ctx, n) => (c === "floor" || c === "ours" ? program(c, ctx, "link-index", n, "lo") : undefined),
      verify: (_ctx, n, rep) => expectReported(rep, n, "requests"),
    },
  ],
};
export default workload;
