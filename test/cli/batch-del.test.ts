/**
 * -batch without -force pipelines `route del` lines (sent with NLM_F_ECHO,
 * added back from the echo when an earlier line of their window failed)
 * and still ends exactly like `ip -batch` (root): random batches that
 * mostly delete routes of a preloaded table (IPv4 and IPv6, single path,
 * multipath, nexthop objects, metrics, other tables), with adds, barriers
 * and failing lines (deletes of nothing, EEXIST, unknown devices) at
 * random positions, applied by ip to one namespace and by bun-netlink to
 * another from the same start. Same status, messages and final state
 * (`ip -j route|addr|link show`, in the kernel's order, so the order of
 * next hops counts). Seed printed on failure (CLI_SEED=N reruns).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { Rng, runSeed } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "nexthop add id 5 via 192.0.2.9 dev v0",
];

/** Routes every batch starts from: what its deletes find. */
function preload(r: Rng): { lines: string[]; dels: string[] } {
  const lines: string[] = [];
  const dels: string[] = [];
  for (let i = 0; i < 60; i++) {
    const k = r.int(0, 9);
    const a = `203.0.113.${i}/32`;
    const v6 = `2001:db8:${(i + 16).toString(16)}::/64`;
    if (k < 3) {
      lines.push(`route add ${a} via 192.0.2.${r.int(2, 250)} dev v0${r.chance(0.3) ? ` metric ${r.int(1, 9)}` : ""}`);
      dels.push(`route del ${a}${lines.at(-1)!.includes("metric") ? ` metric ${lines.at(-1)!.split(" ").at(-1)}` : ""}`);
    } else if (k < 4) {
      lines.push(`route add ${a} dev v0 table ${r.int(100, 102)} proto static mtu ${r.int(1280, 1500)}`);
      dels.push(`route del ${a} table ${lines.at(-1)!.split(" ")[6]}`);
    } else if (k < 5) {
      lines.push(`route add ${a} nexthop via 192.0.2.${r.int(2, 100)} dev v0 weight ${r.int(1, 4)} nexthop via 192.0.2.${r.int(101, 250)} dev v0`);
      dels.push(`route del ${a}`);
    } else if (k < 6) {
      lines.push(`route add ${a} nhid 5`);
      dels.push(`route del ${a}`);
    } else if (k < 8) {
      lines.push(`route add ${v6} via 2001:db8::${r.int(2, 0xff).toString(16)} dev v0${r.chance(0.3) ? " metric 7" : ""}`);
      dels.push(`route del ${v6}${lines.at(-1)!.includes("metric") ? " metric 7" : ""}`);
    } else {
      lines.push(`route add ${v6} nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0`);
      dels.push(`route del ${v6}`);
    }
  }
  return { lines, dels };
}

/** A batch of `n` lines, mostly deletes of preloaded routes, with failing lines at random positions. */
function randomBatch(r: Rng, n: number, dels: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 99);
    if (k < 60) lines.push(r.pick(dels)); // a second delete of the same route fails (ESRCH)
    else if (k < 64) lines.push(r.pick([`route del 198.51.100.${r.int(0, 255)}/32`, "route del 2001:db8:ff::/64", "route del 203.0.113.1/32 dev nope"]));
    else if (k < 80) lines.push(`route add 198.18.${r.int(0, 1)}.${r.int(0, 255)}/32 via 192.0.2.${r.int(2, 250)} dev v0`);
    else if (k < 85) lines.push(`route add 2001:db8:${(r.int(0, 59) + 16).toString(16)}::/64 via 2001:db8::${r.int(2, 9)} dev v0`);
    else if (k < 90) lines.push(`route replace 203.0.113.${r.int(0, 59)}/32 via 192.0.2.${r.int(2, 250)} dev v0`);
    else if (k < 94) lines.push(`addr add 198.18.7.${r.int(1, 254)}/32 dev v0`);
    else lines.push(`route del 198.18.${r.int(0, 1)}.${r.int(0, 255)}/32`);
  }
  return lines.join("\n") + "\n";
}

describeKernel("-batch pipelines route deletes and stops like ip -batch", () => {
  const seed = runSeed();
  it(`delete-heavy random batches with failing lines at random positions (seed ${seed})`, async () => {
    const r = new Rng(seed);
    for (let c = 0; c < 10; c++) {
      const { lines, dels } = preload(r);
      const text = randomBatch(r, r.int(20, 120), dels);
      await withTwins([...SETUP, ...lines].join("\n") + "\n", async (a, b) => {
        const ctx = `seed ${seed} batch ${c}:\n${text}`;
        await expectSameBatch(a, b, text, [], ctx);
        expect(jsonState(b, { links: true }), ctx).toEqual(jsonState(a, { links: true }));
      });
    }
  }, 180_000);
});
