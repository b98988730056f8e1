/**
 * Differential test (root): random IPv4/IPv6 routes in several tables
 * (types, protocols, metrics with locks, multipath with weights, prefsrc,
 * scopes, preferences, expiry), then `bun-netlink -n NS [-j|-d|-6] route
 * show [selectors]` and `route get` must print what ip prints.
 * Seed printed on failure (CLI_SEED=N reruns).
 */
import { afterAll, beforeAll, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { DIFF_BASE_LINKS, expectSame, ip, ipOk, noDad, Rng, runSeed } from "./helpers.ts";

const CONFIGS = Number(process.env.CLI_CONFIGS ?? 50);
const TABLES = ["main", "main", "100", "200", "local", "5000"];

function metrics(r: Rng, v6: boolean): string {
  let s = "";
  if (r.chance(0.3)) s += ` mtu ${r.chance(0.3) ? "lock " : ""}${r.int(1280, 1500)}`;
  if (r.chance(0.2)) s += ` advmss ${r.int(500, 1460)}`;
  if (r.chance(0.1)) s += ` window ${r.int(1000, 65535)}`;
  if (r.chance(0.1)) s += ` rtt ${r.int(1, 3000)}ms`;
  if (r.chance(0.1)) s += ` rttvar ${r.int(1, 500)}ms`;
  if (r.chance(0.1)) s += ` hoplimit ${r.int(1, 255)}`;
  if (r.chance(0.2)) s += ` initcwnd ${r.int(1, 100)}`;
  if (r.chance(0.1)) s += ` initrwnd ${r.int(1, 100)}`;
  if (r.chance(0.05)) s += ` reordering ${r.int(1, 100)}`;
  if (r.chance(0.05)) s += " features ecn";
  if (r.chance(0.05)) s += ` congctl ${r.pick(["reno", "cubic"])}`;
  if (r.chance(0.05)) s += ` quickack ${r.int(0, 1)}`;
  if (v6 && r.chance(0.2)) s += ` pref ${r.pick(["low", "medium", "high"])}`;
  return s;
}

/** Batch lines adding random routes (all destinations inside the documentation ranges). */
export function randomRoutes(r: Rng): string[] {
  const lines: string[] = [];
  const n = r.int(1, 10);
  for (let i = 0; i < n; i++) {
    const v6 = r.chance(0.4);
    const table = r.pick(TABLES);
    const type = r.pick(["unicast", "unicast", "unicast", "unicast", "blackhole", "unreachable", "prohibit", "throw", ...(v6 ? [] : ["local", "broadcast"])]);
    const len = v6 ? r.pick([48, 56, 64, 96, 128]) : r.pick([25, 26, 27, 28, 30, 32]);
    const dst = v6
      ? `2001:db8:${(0x100 + r.int(0, 0xff)).toString(16)}:${r.int(0, 0xffff).toString(16)}::/${len}`
      : `203.0.113.${r.int(0, 255) & ~((1 << (32 - len)) - 1) & 0xff}/${len}`;
    let line = `${v6 ? "-6 " : ""}route add ${type === "unicast" && r.chance(0.7) ? "" : `${type} `}${dst}`;
    if (table !== "main" || r.chance(0.2)) line += ` table ${table}`;
    if (r.chance(0.4)) line += ` proto ${r.pick(["static", "boot", "kernel", "99", "bird", "dhcp"])}`;
    if (r.chance(0.5)) line += ` metric ${r.int(0, 5000)}`;
    if (!v6 && r.chance(0.15)) line += ` tos 0x${(r.int(1, 63) << 2).toString(16)}`;
    if (type === "unicast") {
      const how = r.int(0, 3);
      if (how === 0) line += ` dev ${r.pick(["v0", "br0"])}${!v6 && r.chance(0.5) ? " scope link" : ""}`;
      else if (how === 1) line += v6 ? ` via 2001:db8:1::${r.int(2, 99).toString(16)}` : ` via 192.0.2.${r.int(2, 99)}`;
      else if (how === 2) line += v6 ? ` via 2001:db8:1::${r.int(2, 99).toString(16)} dev v0` : ` via 192.0.2.${r.int(2, 99)} dev v0`;
      else {
        const hops = r.int(2, 3);
        for (let h = 0; h < hops; h++) {
          line += v6 ? ` nexthop via 2001:db8:1::${r.int(2, 99).toString(16)} dev v0` : ` nexthop via 192.0.2.${r.int(2, 99)}${r.chance(0.5) ? " dev v0" : ""}`;
          if (r.chance(0.6)) line += ` weight ${r.int(1, 20)}`;
        }
      }
      if (!v6 && r.chance(0.3)) line += " src 192.0.2.1";
      line += metrics(r, v6);
      if (v6 && r.chance(0.1)) line += ` expires ${r.int(100, 10000)}`;
    } else if (type === "local" || type === "broadcast") line += " dev v0";
    else line += metrics(r, v6);
    lines.push(line);
  }
  return lines;
}

const FLUSH = [
  "route flush table 100", "route flush table 200", "route flush table 5000", "route flush root 203.0.113.0/24 table main",
  "route flush root 203.0.113.0/24 table local", "-6 route flush table 100", "-6 route flush table 200",
  "-6 route flush table 5000", "-6 route flush root 2001:db8:100::/40 table main", "-6 route flush root 2001:db8:100::/40 table local",
];

describeKernel("cli differential: route show", () => {
  let ns: TempNetns;
  const seed = runSeed();
  beforeAll(() => {
    ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], DIFF_BASE_LINKS.join("\n") + "\n");
  });
  afterAll(() => ns?.remove());

  it(`${CONFIGS} random route configurations print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed);
    const n = () => ns.name;
    for (let c = 0; c < CONFIGS; c++) {
      // ip's flush of an empty selection is fine; the "-6" prefix of a batch line is not ip syntax, so run two batches
      const v4 = FLUSH.filter((l) => !l.startsWith("-6 "));
      const v6 = FLUSH.filter((l) => l.startsWith("-6 ")).map((l) => l.slice(3));
      ip(["-n", n(), "-force", "-batch", "-"], v4.join("\n") + "\n");
      ip(["-n", n(), "-6", "-force", "-batch", "-"], v6.join("\n") + "\n");
      const lines = randomRoutes(r);
      ip(["-n", n(), "-force", "-batch", "-"], lines.filter((l) => !l.startsWith("-6 ")).join("\n") + "\n");
      ip(["-n", n(), "-6", "-force", "-batch", "-"], lines.filter((l) => l.startsWith("-6 ")).map((l) => l.slice(3)).join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${lines.join("\n")}`;
      await expectSame(["-j", "-n", n(), "route", "show", "table", "all"], ctx);
      await expectSame(["-j", "-6", "-n", n(), "route", "show", "table", "all"], ctx);
      await expectSame(["-n", n(), "route", "show", "table", "all"], ctx);
      await expectSame(["-6", "-n", n(), "route", "show", "table", "all"], ctx);
      await expectSame(["-j", "-n", n(), "route", "show"], ctx);
      if (c % 3 === 0) {
        await expectSame(["-j", "-d", "-n", n(), "route", "show", "table", "all"], ctx);
        await expectSame(["-j", "-n", n(), "route", "show", "table", r.pick(["100", "200", "local", "main"])], ctx);
        await expectSame(["-j", "-n", n(), "route", "show", "table", "all", "proto", r.pick(["static", "boot", "kernel"])], ctx);
        await expectSame(["-j", "-n", n(), "route", "show", "table", "all", "dev", "v0"], ctx);
        await expectSame(["-j", "-n", n(), "route", "show", "table", "all", "type", r.pick(["blackhole", "unicast", "local"])], ctx);
        await expectSame(["-j", "-n", n(), "route", "show", "table", "all", r.pick(["match", "root", "exact"]), `203.0.113.${r.int(0, 255)}/${r.int(24, 32)}`], ctx);
        await expectSame(["-j", "-n", n(), "route", "get", `203.0.113.${r.int(0, 255)}`], ctx);
        await expectSame(["-j", "-6", "-n", n(), "route", "get", `2001:db8:1::${r.int(1, 0xffff).toString(16)}`], ctx);
        await expectSame(["-n", n(), "route", "get", `192.0.2.${r.int(2, 254)}`], ctx);
      }
    }
  }, 120_000);
});
