/**
 * Numbers on `ip route` command lines read as ip 6.1 reads them: get_u32,
 * get_unsigned and get_be16 with base 0, i.e. strtoul's rules (leading
 * white space, a sign, 0x, octal: "010" is 8) and the same "invalid"
 * refusals. The `route show` selectors (`metric`/`priority`/`preference`,
 * `mark`) are compared with ip's output and status in one namespace;
 * `route add` values (`metric`, route metrics, `weight`, `table`, the
 * prefix length, also as a dotted netmask; the -batch fast path's words
 * included) go through
 * `ip -batch` and ours in twin namespaces and must leave the same routes;
 * `route get` ports are compared as the requests fail or answer.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { expectSame } from "./helpers.ts";

const LINKS = "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 192.0.2.1/24 dev v0\n";
const SETUP = LINKS +
  "route add 198.18.1.0/24 dev v0 metric 5\nroute add 198.18.2.0/24 dev v0 metric 8\nroute add 198.18.3.0/24 dev v0 metric 16\n" +
  "route add 198.18.4.0/24 dev v0 metric 4294967295\n";

/** Spellings strtoul reads (or refuses) differently from a plain decimal. */
const NUMBERS = ["5", " 5", "\t8", "+5", "-0", "0x10", "0X10", "010", "08", "0x", "4294967295", "4294967296", "-1", "-4294967295", "", "5x", " ", "+", "00", "020"];

describeKernel("route command line numbers, as ip reads them", () => {
  it("route show: metric, priority, preference and mark take strtoul's spellings and refuse what ip refuses", async () => {
    await withTwins(SETUP, async (a) => {
      for (const n of NUMBERS) {
        for (const word of ["metric", "priority", "pref", "preference", "mark"]) {
          await expectSame(["-n", a, "route", "show", word, n], `${word} ${JSON.stringify(n)}`);
        }
        await expectSame(["-j", "-n", a, "route", "show", "metric", n], `-j metric ${JSON.stringify(n)}`);
      }
    });
  });

  it("route add: metric and route metrics in octal, hex and with a sign make the routes ip makes", async () => {
    await withTwins(LINKS, async (a, b) => {
      const lines = [
        "route add 198.18.10.0/24 dev v0 metric 010",
        "route add 198.18.11.0/24 dev v0 metric 0x20",
        "route add 198.18.12.0/24 dev v0 metric +7 mtu 01750",
        "route add 198.18.13.0/24 dev v0 priority -0 advmss 0x5b4",
        "route add 198.18.14.0/24 dev v0 mtu lock 02000 window 010",
        "route add 198.18.16.0/24 nexthop via 192.0.2.2 dev v0 weight 010 nexthop via 192.0.2.3 dev v0 weight 0x3",
        "route add 198.19.0.0/020 dev v0",
        "route add 198.18.128.0/255.255.128.0 dev v0",
        "route add 2001:db8:5::/255.255.255.0 dev v0",
        "route add 198.18.17.0/24 dev v0 table 010 metric 0",
      ];
      await expectSameBatch(a, b, lines.join("\n") + "\n", []);
      expect(jsonState(b)).toEqual(jsonState(a));
      for (const bad of ["route add 198.18.20.0/24 dev v0 metric 09", "route add 198.18.21.0/24 dev v0 metric -1", "route add 198.18.22.0/24 dev v0 mtu 0x1g",
        "route add 198.18.23.0/030 dev v0", "route add 198.18.25.0/255.0.255.0 dev v0", "route add 198.18.24.0/24 nexthop via 192.0.2.2 dev v0 weight 0400"]) {
        await expectSameBatch(a, b, bad + "\n", [], bad);
      }
    });
  });

  it("route get: sport and dport are 16-bit (get_be16), mark and uid 32-bit", async () => {
    await withTwins(LINKS, async (a) => {
      for (const [word, v] of [["sport", "0x50"], ["sport", "65535"], ["sport", "65536"], ["dport", "070000"], ["dport", " 443"], ["mark", "010"], ["uid", "+0"], ["uid", "x"]]) {
        await expectSame(["-n", a, "route", "get", "192.0.2.2", word!, v!], `${word} ${JSON.stringify(v)}`);
      }
    });
  });
});
