/**
 * -batch stops at the first failing line exactly like `ip -batch` (root):
 * random batches mixing pipelined creates (routes on the fast and the
 * generic path, addresses, neighbours, nexthops), barriers (replace,
 * delete, rules, links) and failing lines (EEXIST, unreachable gateways,
 * unknown devices, deletes of nothing) at random positions, applied by ip
 * to one namespace and by bun-netlink to another from the same start.
 * Same status, same messages, same final state; with and without -force.
 * Seed printed on failure (CLI_SEED=N reruns).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, withTwins } from "./batch-twins.ts";
import { ipOk, Rng, runSeed } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
].join("\n") + "\n";

/** A batch of `n` lines with failing ones at random positions. */
function randomBatch(r: Rng, n: number): string {
  const lines: string[] = [];
  const creates: string[] = [];
  let links = 0;
  let nh = 0;
  let pref = 1000;
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 99);
    let line: string;
    if (k < 6 && creates.length) line = r.pick(creates); // EEXIST
    else if (k < 9) line = r.pick([
      `route add 203.0.113.${r.int(0, 255)}/32 via 203.0.113.1 dev v0`, // unreachable gateway
      `route del 198.51.100.${r.int(0, 255)}/32 table 77`, // nothing to delete
      "link set nope up", // unknown device (ip's own error)
      `neigh add 192.0.2.${r.int(2, 254)} lladdr 02:00:00:00:00:01 dev nope`,
      `addr del 198.18.9.9/32 dev v0`,
    ]);
    else if (k < 35) {
      line = `route add 203.0.113.${r.int(0, 255)}/32 via 192.0.2.${r.int(2, 250)} dev v0${r.chance(0.3) ? ` table ${r.int(100, 103)}` : ""}${r.chance(0.3) ? ` metric ${r.int(1, 9)}` : ""}`;
      creates.push(line);
    } else if (k < 45) {
      line = `route add 198.51.100.${r.int(0, 255)}/32 dev v0 proto static${r.chance(0.5) ? " scope link" : ""}`;
      creates.push(line);
    } else if (k < 55) {
      line = r.chance(0.5) ? `addr add 198.18.${r.int(0, 3)}.${r.int(1, 254)}/32 dev v0` : `addr add 2001:db8:5::${r.int(1, 0xffff).toString(16)}/128 dev v0 nodad`;
      creates.push(line);
    } else if (k < 63) {
      line = `neigh add 192.0.2.${r.int(2, 254)} lladdr ${r.mac()} dev v0 nud ${r.pick(["permanent", "noarp"])}`;
      creates.push(line);
    } else if (k < 70) {
      line = `nexthop add id ${++nh} via 192.0.2.${r.int(2, 250)} dev v0`;
      creates.push(line);
    } else if (k < 78) line = `route replace 203.0.113.${r.int(0, 255)}/32 via 192.0.2.${r.int(2, 250)} dev v0`;
    else if (k < 84) line = `rule add pref ${pref++} from 198.51.100.${r.int(0, 15) * 16}/28 table ${r.int(100, 103)}`;
    else if (k < 88 && links < 4) {
      links++;
      line = `link add x${links} type veth peer name y${links}`;
    } else if (k < 92 && links > 0) line = `link set x${r.int(1, links)} up`;
    else if (k < 96 && creates.length) {
      const c = r.pick(creates.filter((x) => x.startsWith("route add 203")));
      line = c ? c.replace("route add", "route del") : "route del 203.0.113.77/32";
    } else line = `route append 203.0.113.${r.int(0, 255)}/32 via 192.0.2.${r.int(2, 250)} dev v0 table 104`;
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}

/** The state a batch may change, in a form independent of dump order and of the links' random MACs. */
function state(ns: string): Record<string, string[]> {
  const lines = (args: string[]) => ipOk(["-n", ns, ...args]).split("\n").filter((l) => l !== "").sort();
  return {
    routes: lines(["-4", "route", "show", "table", "all"]),
    routes6: lines(["-6", "route", "show", "table", "all"]).filter((l) => !l.includes("fe80") && !l.startsWith("multicast")),
    addrs: lines(["-o", "addr", "show"]).filter((l) => !l.includes("fe80")).map((l) => l.replace(/\\ +valid_lft.*/, "")),
    neigh: lines(["neigh", "show", "nud", "all"]).filter((l) => /^(192\.0\.2\.|2001:db8:)/.test(l)),
    nexthops: lines(["nexthop", "show"]),
    rules: lines(["rule", "show"]),
    // names and the administrative UP flag (operstate and LOWER_UP follow on the kernel's own timer)
    links: lines(["-o", "link", "show"]).map((l) => {
      const [, name, flags] = l.split(/\s+/);
      return `${name} ${/[<,]UP[,>]/.test(flags ?? "") ? "up" : "down"}`;
    }),
  };
}

describeKernel("-batch stops at the first failure like ip -batch", () => {
  const seed = runSeed();
  it(`random batches with failing lines at random positions (seed ${seed})`, async () => {
    const r = new Rng(seed);
    for (let c = 0; c < 12; c++) {
      const text = randomBatch(r, r.int(10, 80));
      for (const force of [false, true]) {
        await withTwins(SETUP, async (a, b) => {
          const ctx = `seed ${seed} batch ${c} force ${force}:\n${text}`;
          await expectSameBatch(a, b, text, force ? ["-force"] : [], ctx);
          expect(state(b), ctx).toEqual(state(a));
        });
      }
    }
  }, 120_000);
});
