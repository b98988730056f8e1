/**
 * Differential tests (root): random neighbours (states, flags, proxies,
 * protocols), random policy rules (IPv4 and IPv6, selectors and actions)
 * and random nexthop objects (gateways, groups with weights, resilient
 * groups); `bun-netlink -n NS ... show` must print what ip prints.
 * Seed printed on failure (CLI_SEED=N reruns).
 */
import { afterAll, beforeAll, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { DIFF_BASE_LINKS, expectSame, ip, ipOk, noDad, Rng, runSeed } from "./helpers.ts";

const CONFIGS = Number(process.env.CLI_CONFIGS ?? 50);

/** Batch lines adding random neighbours; returns the lines and the proxies to delete later. */
export function randomNeighbours(r: Rng): { lines: string[]; proxies: string[] } {
  const lines: string[] = [];
  const proxies: string[] = [];
  const n = r.int(1, 10);
  for (let i = 0; i < n; i++) {
    const v6 = r.chance(0.4);
    const dst = v6 ? `2001:db8:1::${r.int(2, 0xfff).toString(16)}` : `${r.pick(["192.0.2", "198.51.100"])}.${r.int(2, 254)}`;
    const dev = v6 ? "v0" : dst.startsWith("192") ? "v0" : "br0";
    if (r.chance(0.1)) {
      lines.push(`neigh add proxy ${dst} dev ${dev}`);
      proxies.push(`neigh del proxy ${dst} dev ${dev}`);
      continue;
    }
    let line = `neigh add ${dst} lladdr ${r.mac()} dev ${dev}`;
    line += ` nud ${r.pick(["permanent", "permanent", "reachable", "stale", "noarp", "delay", "probe"])}`;
    if (v6 && r.chance(0.3)) line += " router";
    if (r.chance(0.1)) line += " extern_learn";
    if (r.chance(0.2)) line += ` protocol ${r.pick(["static", "boot", "99", "zebra"])}`;
    lines.push(line);
  }
  return { lines, proxies };
}

/** Batch lines adding random rules (IPv4 lines and IPv6 lines separately). */
export function randomRules(r: Rng): { v4: string[]; v6: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  const used = new Set<number>();
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    const six = r.chance(0.35);
    let pref = r.int(1000, 30000);
    while (used.has(pref)) pref++;
    used.add(pref);
    let line = `rule add pref ${pref}`;
    if (r.chance(0.15)) line += " not";
    if (r.chance(0.5)) line += six ? ` from 2001:db8:${r.int(1, 0xffff).toString(16)}::/${r.pick([32, 48, 64, 128])}` : ` from 192.0.2.${r.int(0, 255) & 0xf0}/${r.pick([24, 28, 32])}`;
    if (r.chance(0.3)) line += six ? ` to 2001:db8:${r.int(1, 0xffff).toString(16)}::/${r.pick([48, 64])}` : ` to 198.51.100.0/${r.pick([24, 25, 26])}`;
    if (r.chance(0.15)) line += ` tos 0x${(r.int(1, 63) << 2).toString(16)}`;
    if (r.chance(0.25)) line += ` fwmark 0x${r.int(1, 0xffff).toString(16)}${r.chance(0.5) ? `/0x${r.int(1, 0xffff).toString(16)}` : ""}`;
    if (r.chance(0.2)) line += ` iif ${r.pick(["v0", "br0", "nosuch0"])}`;
    if (r.chance(0.2)) line += ` oif ${r.pick(["v0", "br0", "nosuch1"])}`;
    if (r.chance(0.15)) line += ` uidrange ${r.int(0, 1000)}-${r.int(1001, 5000)}`;
    if (r.chance(0.2)) {
      line += ` ipproto ${r.pick(["tcp", "udp", "6", "17"])}`;
      if (r.chance(0.5)) line += ` sport ${r.int(1, 1000)}${r.chance(0.5) ? `-${r.int(1001, 2000)}` : ""}`;
      if (r.chance(0.5)) line += ` dport ${r.int(1, 1000)}${r.chance(0.5) ? `-${r.int(1001, 2000)}` : ""}`;
    }
    const action = r.int(0, 9);
    if (action <= 5) {
      line += ` table ${r.pick(["100", "200", "main", "local", "default", "5000"])}`;
      if (r.chance(0.2)) line += ` suppress_prefixlength ${r.int(0, 32)}`;
      if (r.chance(0.1)) line += ` suppress_ifgroup ${r.int(1, 10)}`;
    } else if (action === 6) line += ` goto ${pref + r.int(1, 100)}`;
    else if (action === 7) line += " nop";
    else line += ` ${r.pick(["blackhole", "unreachable", "prohibit"])}`;
    if (r.chance(0.25)) line += ` proto ${r.pick(["static", "boot", "99", "kernel"])}`;
    (six ? v6 : v4).push(line);
  }
  return { v4, v6 };
}

/** Batch lines adding random nexthop objects (ids 1..). */
export function randomNexthops(r: Rng): string[] {
  const lines: string[] = [];
  const singles: number[] = [];
  let id = 1;
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 4);
    let line = `nexthop add id ${id}`;
    if (k === 0) line += ` via 192.0.2.${r.int(2, 254)} dev v0`;
    else if (k === 1) line += ` via 2001:db8:1::${r.int(2, 0xfff).toString(16)} dev v0`;
    else if (k === 2) line += ` dev ${r.pick(["v0", "br0"])}`;
    else if (k === 3) line += " blackhole";
    else line += ` via 192.0.2.${r.int(2, 254)} dev v0 onlink`;
    if (r.chance(0.3)) line += ` proto ${r.pick(["static", "99", "boot"])}`;
    lines.push(line);
    if (k !== 3 && k !== 1) singles.push(id);
    id++;
  }
  if (singles.length >= 2 && r.chance(0.7)) {
    const members = singles.slice(0, r.int(2, singles.length)).map((m) => (r.chance(0.5) ? `${m},${r.int(1, 50)}` : `${m}`));
    let line = `nexthop add id ${id} group ${members.join("/")}`;
    if (r.chance(0.4)) line += ` type resilient buckets ${r.pick([8, 16, 32])} idle_timer ${r.int(1, 100)}${r.chance(0.5) ? ` unbalanced_timer ${r.int(1, 100)}` : ""}`;
    lines.push(line);
  }
  return lines;
}

describeKernel("cli differential: neighbour, rule and nexthop show", () => {
  let ns: TempNetns;
  const seed = runSeed();
  beforeAll(() => {
    ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], DIFF_BASE_LINKS.join("\n") + "\n");
  });
  afterAll(() => ns?.remove());

  it(`${CONFIGS} random neighbour tables print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed);
    const n = ns.name;
    let proxies: string[] = [];
    for (let c = 0; c < CONFIGS; c++) {
      ip(["-n", n, "-force", "-batch", "-"], ["neigh flush dev v0 nud all", "neigh flush dev br0 nud all", ...proxies].join("\n") + "\n");
      const g = randomNeighbours(r);
      proxies = g.proxies;
      ip(["-n", n, "-force", "-batch", "-"], g.lines.join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${g.lines.join("\n")}`;
      await expectSame(["-j", "-n", n, "neigh", "show"], ctx);
      await expectSame(["-n", n, "neigh", "show"], ctx);
      await expectSame(["-j", "-n", n, "neigh", "show", "nud", "all"], ctx);
      await expectSame(["-j", "-n", n, "neigh", "show", "proxy"], ctx);
      if (c % 3 === 0) {
        await expectSame(["-j", "-6", "-n", n, "neigh", "show"], ctx);
        await expectSame(["-j", "-n", n, "neigh", "show", "dev", "v0"], ctx);
        await expectSame(["-j", "-n", n, "neigh", "show", "nud", r.pick(["permanent", "stale", "noarp", "reachable"])], ctx);
        await expectSame(["-n", n, "neigh", "show", "proxy"], ctx);
      }
    }
  }, 120_000);

  it(`${CONFIGS} random rule sets print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed ^ 0x5a5a5a5a);
    const n = ns.name;
    for (let c = 0; c < CONFIGS; c++) {
      ip(["-n", n, "rule", "flush"]);
      ip(["-n", n, "-6", "rule", "flush"]);
      const g = randomRules(r);
      ip(["-n", n, "-force", "-batch", "-"], g.v4.join("\n") + "\n");
      ip(["-n", n, "-6", "-force", "-batch", "-"], g.v6.join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${g.v4.join("\n")}\n-6:\n${g.v6.join("\n")}`;
      await expectSame(["-j", "-n", n, "rule", "show"], ctx);
      await expectSame(["-n", n, "rule", "show"], ctx);
      await expectSame(["-j", "-6", "-n", n, "rule", "show"], ctx);
      await expectSame(["-6", "-n", n, "rule", "show"], ctx);
      if (c % 3 === 0) await expectSame(["-j", "-d", "-n", n, "rule", "show"], ctx);
      if (c === 0) {
        // families other than inet/inet6 go to the kernel as ip sends them (RuleApi.list takes any AF_*)
        for (const f of ["-0", "-M", "-B"]) await expectSame(["-n", n, f, "rule", "show"], ctx);
        await expectSame(["-n", n, "rule", "show", "pref", "0"], ctx);
        await expectSame(["-n", n, "rule", "show", "table", "local"], ctx);
      }
    }
  }, 120_000);

  it(`${CONFIGS} random nexthop sets print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed ^ 0x3c3c3c3c);
    const n = ns.name;
    for (let c = 0; c < CONFIGS; c++) {
      ip(["-n", n, "nexthop", "flush"]);
      const lines = randomNexthops(r);
      ip(["-n", n, "-force", "-batch", "-"], lines.join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${lines.join("\n")}`;
      await expectSame(["-j", "-n", n, "nexthop", "show"], ctx);
      await expectSame(["-n", n, "nexthop", "show"], ctx);
      await expectSame(["-j", "-d", "-n", n, "nexthop", "show"], ctx);
      // Routes through each nexthop object: with -details ip prints the object as the route's "nh_info".
      const ids = lines.map((l) => Number(/^nexthop add id (\d+)/.exec(l)![1]));
      ip(["-n", n, "-force", "-batch", "-"], ids.map((id, i) => `route add 198.18.${100 + i}.0/24 nhid ${id} table 300`).join("\n") + "\n");
      await expectSame(["-d", "-n", n, "route", "show", "table", "300"], ctx);
      await expectSame(["-j", "-d", "-n", n, "route", "show", "table", "300"], ctx);
      if (c % 2 === 0) await expectSame(["-o", "-d", "-n", n, "route", "show", "table", "300"], ctx);
      if (c % 3 === 0) {
        await expectSame(["-j", "-n", n, "nexthop", "show", "groups"], ctx);
        await expectSame(["-j", "-n", n, "nexthop", "show", "dev", "v0"], ctx);
        await expectSame(["-j", "-n", n, "nexthop", "show", "id", String(r.int(1, 4))], ctx);
      }
    }
  }, 120_000);
});
