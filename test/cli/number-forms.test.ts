/**
 * Words ip 6.1 reads with strtoul and its own name matching. IPv4 as
 * get_addr_ipv4 reads it (lib/utils.c): hex and octal parts ("010" is 8),
 * in prefixes, gateways and -batch lines (whose fast path takes plain
 * decimal only). Route type words as rtnl_rtntype_a2n reads them (ip/rtm_map.c):
 * "local", "nat", "brd" and "throw" exactly, the other names by any leading
 * part in its order ("b" broadcast, "bl" blackhole, "u" unreachable), else
 * a number as strtoul reads it (0x, octal, sign), at most 255; "none" (how
 * type 0 prints) and "unspec" are not names. Root, twin namespaces, ip as
 * the reference: `route add TYPE PREFIX` and `route show type TYPE`, status,
 * output and the routes afterwards must agree.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = ["link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none", "link set v0 up", "link set v1 up", "addr add 192.0.2.1/24 dev v0"].join("\n") + "\n";

const WORDS = ["b", "bl", "brd", "br", "u", "un", "uni", "unr", "thr", "throw", "x", "m", "a", "p", "l", "loc", "local", "n", "nat",
  "0x6", "010", "7", "255", "256", "-0", "-1", "+6", "none", "unspec", "7x", "blackholes"];

/** IPv4 routes of every table (the IPv6 ones follow random MACs). */
const routes = (ns: string) => ipOk(["-n", ns, "-4", "route", "show", "table", "all"]);

describeKernel("route type words against ip", () => {
  it("route add TYPE PREFIX and route show type TYPE", async () => {
    const adds = WORDS.map((w, i) => ["route", "add", w, `198.51.100.${i}/32`, ...(w.startsWith("l") ? ["dev", "v0"] : [])]);
    // IPv4 only: the kernel's IPv6 multicast routes list in per-namespace hash order
    const shows = WORDS.map((w) => ["-4", "route", "show", "table", "all", "type", w]);
    await withTwins(SETUP, async (a, b) => {
      await expectSameLines(a, b, [...adds, ...shows, ["-4", "-j", "route", "show", "table", "all", "type", "bl"]], routes);
    });
  }, 30_000);

  it("IPv4 with hex and octal parts, also in -batch", async () => {
    const lines = [
      "route add 192.0.2.010/32 dev v0", "route add 0xc6.0x33.0144.0/24 via 0300.0.2.02", "route get 0xc0.0.2.011", "route show 0xc6.51.100.0/24",
      "route add 198.51.0x64.0x80/0x19 dev v0", "route add 192.0.2.08/32 dev v0", "route add 192.0.2.256/32 dev v0",
      "addr add 0313.0.0161.1/24 dev v1", "neigh add 0xc0.0.2.011 lladdr 02:00:00:00:00:09 dev v0", "rule add from 0300.0.2.0/24 table 5 pref 10",
    ].map((l) => l.split(" "));
    const state = (ns: string) => routes(ns) + ipOk(["-n", ns, "-4", "addr", "show", "dev", "v1"]) + ipOk(["-n", ns, "neigh", "show", "dev", "v0", "nud", "permanent"]) + ipOk(["-n", ns, "rule", "show"]);
    await withTwins(SETUP, async (a, b) => {
      await expectSameLines(a, b, lines, state);
      // -batch: the fast path leaves "010" (octal 8 for ip) to the generic parse
      await expectSameBatch(a, b, "route add 203.0.113.010/32 dev v0\nroute add 203.0.113.0x10/32 dev v0\nroute del 192.0.2.010/32 dev v0\n", []);
      expect(state(b)).toBe(state(a));
      expect(routes(b)).toContain("203.0.113.8 dev v0");
    });
  }, 30_000);
});
