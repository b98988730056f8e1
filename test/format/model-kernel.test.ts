/**
 * formatRoute/formatLink (lib/format/route-model.ts, link-model.ts) render
 * the model objects of routes.list()/links.list() exactly as ip 6.1 prints
 * the same kernel state: `ip [-6] [-d] [-j] route show [table all]` and
 * `ip [-d] [-j] link show`, byte for byte, for links and routes made in a
 * throwaway namespace (veth, bridge with a port, unicast/multipath/blackhole/
 * unreachable/prohibit, metrics with locks, tos, another table, IPv6 with
 * pref and metrics, kernel and local-table routes). The route cache
 * counters the model does not keep are not exercised (no cloned routes).
 */
import { expect, it } from "vitest";
import { formatLink, formatLinks, formatRoute, formatRoutes } from "../../lib/format/index.ts";
import type { Link } from "../../lib/rtnl/link/model.ts";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const SETUP = [
  ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
  ["link", "add", "br0", "type", "bridge"],
  ["link", "add", "v2", "type", "veth", "peer", "name", "v3"],
  ["link", "set", "v3", "master", "br0"],
  ["link", "set", "v1", "mtu", "1400"],
  ["link", "set", "v0", "up"],
  ["link", "set", "v1", "up"],
  ["link", "set", "br0", "up"],
  ["link", "set", "v3", "up"],
  ["link", "set", "v0", "alias", "uplink port"],
  ["addr", "add", "192.0.2.1/24", "dev", "v0"],
  ["addr", "add", "2001:db8::1/64", "dev", "v0", "nodad"],
  ["route", "add", "default", "via", "192.0.2.254", "dev", "v0"],
  ["route", "add", "198.51.100.0/26", "via", "192.0.2.2", "dev", "v0", "metric", "5", "proto", "static"],
  ["route", "add", "203.0.113.0/24", "nexthop", "via", "192.0.2.2", "dev", "v0", "weight", "2", "nexthop", "via", "192.0.2.3", "dev", "v0"],
  ["route", "add", "198.51.100.64/26", "dev", "v0", "mtu", "lock", "1300", "rtt", "10ms", "rttvar", "3ms", "initcwnd", "10", "advmss", "1200", "features", "ecn", "scope", "link", "src", "192.0.2.1"],
  ["route", "add", "blackhole", "198.51.100.128/27"],
  ["route", "add", "unreachable", "198.51.100.160/27", "metric", "7"],
  ["route", "add", "prohibit", "198.51.100.192/27"],
  ["route", "add", "198.51.100.224/27", "tos", "0x10", "via", "192.0.2.2", "dev", "v0"],
  ["route", "add", "203.0.113.0/25", "dev", "v0", "table", "100", "proto", "dhcp"],
  ["route", "add", "203.0.113.128/25", "via", "192.0.2.2", "dev", "v0", "table", "1000", "onlink"],
  ["-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8::2", "dev", "v0", "metric", "10", "pref", "high"],
  ["-6", "route", "add", "2001:db8:2::/64", "nexthop", "via", "2001:db8::2", "dev", "v0", "weight", "3", "nexthop", "via", "2001:db8::3", "dev", "v0"],
  ["-6", "route", "add", "2001:db8:3::/64", "dev", "v0", "mtu", "1400", "hoplimit", "10", "advmss", "1300"],
  ["-6", "route", "add", "blackhole", "2001:db8:4::/64", "table", "200"],
];

/** Bridge timers (ip's -d "gc_timer 299.62") tick between two reads: compared as "T". */
const timers = (s: string): string => s.replace(/(_timer"?[ :]+)[0-9.]+/g, "$1T");

/** Run `read` until the ip output it compares with is the same before and after (kernel-made routes may still settle). */
function settled(ipOut: () => string, ours: () => string): [string, string] {
  for (let i = 0; ; i++) {
    const a = ipOut();
    const o = ours();
    if (a === ipOut() || i === 5) return [o, a];
  }
}

describeKernel("lib/format formatRoute/formatLink over list() objects == ip", () => {
  it("routes: ip [-6] [-d] [-j] route show [table all]", () =>
    inTempNetns(({ conn, ip }) => {
      const nl = new Rtnl(conn);
      const links = nl.links.list();
      const names = new Map(links.map((l) => [l.ifindex, l.name]));
      const devName = (i: number): string => names.get(i) ?? `if${i}`;
      const cases: Array<[string[], "inet" | "inet6" | undefined, boolean]> = [
        [["route", "show"], "inet", false],
        [["-6", "route", "show"], "inet6", false],
        [["-4", "route", "show", "table", "all"], "inet", true],
        [["route", "show", "table", "all"], undefined, true],
        [["-6", "route", "show", "table", "all"], "inet6", true],
      ];
      for (const [args, family, all] of cases) {
        const list = () => nl.routes.list(all ? (family ? { family, table: "all" } : { table: "all" }) : { family });
        for (const flags of [[], ["-d"]]) {
          const details = flags.length;
          const [text, ipText] = settled(() => ip(...flags, ...args), () => formatRoutes(list(), { devName, details, table: all ? 0 : 254 }));
          expect(text, `ip ${[...flags, ...args].join(" ")}`).toBe(ipText);
          const [json, ipJson] = settled(() => ip("-j", ...flags, ...args), () => formatRoutes(list(), { devName, details, json: true, table: all ? 0 : 254 }));
          expect(json, `ip -j ${[...flags, ...args].join(" ")}`).toBe(ipJson);
        }
      }
      // one route at a time: the text line and the JSON element of ip's array
      const [lines, ipLines] = settled(() => ip("route", "show"), () => nl.routes.list({ family: "inet" }).map((r) => formatRoute(r, { devName })).join(""));
      expect(lines).toBe(ipLines);
      const mp = nl.routes.list({ family: "inet" }).find((r) => r.multipath !== undefined)!;
      expect(JSON.parse(formatRoute(mp, { devName, json: true }))).toEqual((JSON.parse(ip("-j", "route", "show", "203.0.113.0/24")) as unknown[])[0]);
      // metric locks, rtt, features and pref are in what was compared
      expect(ipLines).toContain("mtu lock 1300 rtt 10ms rttvar 3ms advmss 1200 initcwnd 10 features ecn");
      expect(ip("-6", "route", "show")).toContain("pref high");
    }, { setup: SETUP }));

  it("links: ip [-d] [-j] [-p] link show, one link and all", () =>
    inTempNetns(({ conn, ip }) => {
      const nl = new Rtnl(conn);
      const read = (): Link[] => nl.links.list();
      for (const flags of [[], ["-d"], ["-j"], ["-j", "-d"], ["-j", "-p"], ["-o"]]) {
        const o = { details: flags.includes("-d") ? 1 : 0, json: flags.includes("-j"), pretty: flags.includes("-p"), oneline: flags.includes("-o") };
        const [ours, ipOut] = settled(() => ip(...flags, "link", "show"), () => formatLinks(read(), o));
        expect(timers(ours), `ip ${flags.join(" ")} link show`).toBe(timers(ipOut));
      }
      const links = read();
      const names = new Map(links.map((l) => [l.ifindex, l]));
      const v1 = links.find((l) => l.name === "v1")!;
      const one = formatLink(v1, { devName: (i) => names.get(i)?.name ?? `if${i}`, linkUp: (i) => names.get(i)?.flags.includes("UP") ?? false });
      expect(one).toBe(ip("link", "show", "dev", "v1"));
      expect(one).toMatch(/^\d+: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 /);
      const brJson = formatLink(links.find((l) => l.name === "br0")!, { json: true, details: 1 });
      expect(timers(`[${brJson}]\n`)).toBe(timers(ip("-j", "-d", "link", "show", "dev", "br0")));
      expect(brJson).toContain('"info_kind":"bridge","info_data":{"forward_delay":1500');
    }, { setup: SETUP }));
});
