/**
 * Workload 4: add N IPv4 addresses to v0 one request at a time (the typed
 * API's add, with the link given by index as a bulk caller would), then
 * dump the IPv4 addresses. Fresh namespace per contender; verified by
 * counting addresses. IPv4, because adding 10,000 IPv6 addresses costs the
 * kernel about 7 ms each and would measure nothing but that.
 */
import { addrText } from "../lib/addresses.ts";
import { batch, batchFile, countIn, expectReported, occurrences, program, show } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";

const workload: Workload = {
  id: "addresses",
  title: "IPv4 addresses",
  sizes: { full: [10_000], quick: [10_000], micro: [50] },
  rounds: (_size, mode) => (mode === "full" ? 3 : 1),
  shared: false,
  async setup(ctx) {
    ctx.state.addrs = countIn(ctx, "a");
  },
  phases: [
    {
      id: "addr-add",
      title: "address add",
      unit: "s",
      command: (c, ctx, n) =>
        program(c, ctx, "addr-add", n, "v0") ?? batch(c, ctx, batchFile(ctx, `addr-add-${n}`, () => Array.from({ length: n }, (_, i) => `addr add ${addrText(i)}/15 dev v0`))),
      verify(ctx, n, rep) {
        const bad = expectReported(rep, n, "address adds");
        if (bad) return bad;
        const got = countIn(ctx, "a") - ctx.state.addrs!;
        return got === n ? undefined : `${got} addresses added, expected ${n}`;
      },
    },
    {
      id: "addr-dump",
      title: "address dump",
      unit: "s",
      command: (c, ctx) =>
        program(c, ctx, "addr-dump", 0) ??
        show(c, ctx, ["-4", "-json", "addr", "show"], (out) => {
          const got = occurrences(out, '"local":');
          const want = countIn(ctx, "a");
          return got === want ? undefined : `printed ${got} addresses, expected ${want}`;
        }),
      verify: (ctx, n, rep) => expectReported(rep, ctx.state.addrs! + n, "addresses"),
    },
  ],
};
export default workload;
