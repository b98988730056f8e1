/**
 * lib/format's rule, nexthop and neighbour renderers against ip itself: the
 * objects read through the lib (list(), the model) and rendered by
 * formatRule / formatNexthop / formatNeighbour must be the objects
 * `ip -j rule|nexthop|neigh show` prints, and their text the lines of the
 * same commands without -j, in a throwaway namespace.
 */
import { expect, it } from "vitest";
import { formatNeighbour } from "../../lib/format/neighbour.ts";
import { formatNexthop } from "../../lib/format/nexthop.ts";
import { formatRule } from "../../lib/format/rule.ts";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns, VETH } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const SETUP = [
  VETH,
  ["link", "set", "lo", "up"],
  ["link", "set", "v0", "up"],
  ["link", "set", "v1", "up"],
  ["addr", "add", "192.0.2.1/24", "dev", "v0"],
  ["rule", "add", "pref", "100", "from", "192.0.2.0/24", "to", "198.51.100.7", "lookup", "100"],
  ["rule", "add", "pref", "101", "not", "fwmark", "0x10/0xff", "iif", "v0", "lookup", "main", "suppress_prefixlength", "0"],
  ["rule", "add", "pref", "102", "ipproto", "tcp", "sport", "1000-2000", "dport", "443", "uidrange", "10-20", "prohibit"],
  ["rule", "add", "pref", "103", "oif", "v1", "goto", "110"],
  ["rule", "add", "pref", "110", "tos", "0x10", "nop", "proto", "static"],
  ["-6", "rule", "add", "pref", "120", "from", "2001:db8::/32", "lookup", "200"],
  ["nexthop", "add", "id", "1", "via", "192.0.2.2", "dev", "v0"],
  ["nexthop", "add", "id", "2", "via", "192.0.2.3", "dev", "v0", "proto", "static"],
  ["nexthop", "add", "id", "3", "blackhole"],
  ["nexthop", "add", "id", "4", "dev", "v1"],
  ["nexthop", "add", "id", "10", "group", "1/2,5"],
  ["neigh", "add", "192.0.2.9", "lladdr", "02:00:00:00:00:09", "dev", "v0"],
  ["neigh", "add", "192.0.2.10", "lladdr", "02:00:00:00:00:0a", "dev", "v0", "nud", "noarp"],
  ["neigh", "add", "192.0.2.11", "dev", "v0", "nud", "failed"],
  ["-6", "neigh", "add", "2001:db8::9", "lladdr", "02:00:00:00:00:09", "dev", "v0", "router"],
];

type Json = Record<string, unknown>;
const lines = (s: string): string[] => s.split("\n").filter((l) => l !== "");

describeKernel("lib/format rules, nexthops, neighbours", () => {
  it("formatRule of nl.rules.list() equals ip -j rule show and ip rule show", () =>
    inTempNetns(({ conn, ip, ipj }) => {
      const nl = new Rtnl(conn);
      for (const fam of [4, 6] as const) {
        const rules = nl.rules.list(fam);
        const flag = fam === 4 ? "-4" : "-6";
        expect(rules.map((r) => JSON.parse(formatRule(r, { json: true })) as Json)).toEqual(ipj(flag, "rule", "show"));
        expect(lines(rules.map((r) => formatRule(r)).join(""))).toEqual(lines(ip(flag, "rule", "show")));
      }
    }, { setup: SETUP }));

  it("formatNexthop of nl.nexthops.list() equals ip -j nexthop show and ip nexthop show", () =>
    inTempNetns(({ conn, ip, ipj }) => {
      const nl = new Rtnl(conn);
      const devName = (i: number) => nl.links.get(i).name;
      const nhs = nl.nexthops.list();
      expect(nhs.length).toBe(5);
      expect(nhs.map((n) => JSON.parse(formatNexthop(n, { json: true, devName })) as Json)).toEqual(ipj("nexthop", "show"));
      expect(lines(nhs.map((n) => formatNexthop(n, { devName })).join(""))).toEqual(lines(ip("nexthop", "show")));
    }, { setup: SETUP }));

  it("formatNeighbour of nl.neighbours.list() equals ip -j neigh show and ip neigh show", () =>
    inTempNetns(({ conn, ip, ipj }) => {
      const nl = new Rtnl(conn);
      const devName = (i: number) => nl.links.get(i).name;
      for (const fam of [4, 6] as const) {
        const flag = fam === 4 ? "-4" : "-6";
        // The kernel adds and ages entries on its own (IPv6 neighbour discovery between v0 and v1 right
        // after link up): read ip (JSON and text), ours, then ip again, until ip's two readings agree, so
        // all three saw one state.
        const readIp = () => ({ json: ipj(flag, "neigh", "show", "nud", "all") as Json[], text: ip(flag, "neigh", "show", "nud", "all") });
        let theirs = readIp();
        let mine = nl.neighbours.list({ family: fam });
        for (let i = 0; i < 50; i++) {
          const again = readIp();
          if (JSON.stringify(again) === JSON.stringify(theirs)) break;
          Bun.sleepSync(100);
          theirs = readIp();
          mine = nl.neighbours.list({ family: fam });
        }
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.map((n) => JSON.parse(formatNeighbour(n, { json: true, devName })) as Json)).toEqual(theirs.json);
        expect(lines(mine.map((n) => formatNeighbour(n, { devName })).join(""))).toEqual(lines(theirs.text));
      }
    }, { setup: SETUP }));
});
