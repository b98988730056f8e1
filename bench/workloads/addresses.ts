/**
 * Workload 4: add N IPv6 addresses 2001:db8:100:X::1/128 to v0 with the
 * nodad flag (IFA_F_NODAD), one request at a time (the typed API's add,
 * with the link given by index as a bulk caller would), then dump the IPv6
 * addresses. Fresh namespace per contender; verified by counting
 * addresses. IPv6, because the documentation ranges hold only 768 IPv4
 * addresses; nodad and addresses that share their low 24 bits (one
 * solicited-node multicast group) keep the kernel's cost per address
 * small (see bench/lib/addresses.ts).
 */
import { ADDR_PREFIX_LEN, addrText } from "../lib/addresses.ts";
import { batch, batchFile, countIn, expectReported, occurrences, program, show } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";

const workload: Workload = {
  id: "addresses",
  title: "IPv6 addresses (nodad)",
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
        program(c, ctx, "addr-add", n, "v0") ?? batch(c, ctx, batchFile(ctx, `addr-add-${n}`, () => Array.from({ length: n }, (_, i) => `address add ${addrText(i)}/${ADDR_PREFIX_LEN} dev v0 nodad`))),
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
        show(c, ctx, ["-6", "-json", "addr", "show"], (out) => {
          const got = occurrences(out, '"local":');
          const want = countIn(ctx, "a");
          return got === want ? undefined : `printed ${got} addresses, expected ${want}`;
        }),
      verify: (ctx, n, rep) => expectReported(rep, ctx.state.addrs! + n, "addresses"),
    },
  ],
};
export default workload;
