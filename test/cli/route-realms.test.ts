/**
 * Realms (RTA_FLOW) on the command line as ip 6.1 reads them
 * (get_rt_realms_or_raw: "TO", "FROM/TO", "FROM/", names or numbers up to
 * 255, else any u32): `route add ... realms`, per `nexthop`, `rule add
 * realms`, and the `route show realms` selector with its half masks. The
 * same batch goes through `ip -batch` and ours in twin namespaces; output,
 * status and the routes and rules read back with `ip -j` must agree, and
 * so must the listings filtered by realms.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { expectSame, ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 192.0.2.1/24 dev v0\n";

const LINES = [
  "route add 198.18.61.0/24 dev v0 realm 0x10",
  "route add 198.18.62.0/24 dev v0 realms 300",
  "route add 198.18.63.0/24 dev v0 realms 1/2",
  "route add 198.18.64.0/24 dev v0 realms 3/",
  "route add 198.18.65.0/24 dev v0 realms 0x10000",
  "route add 198.18.66.0/24 dev v0 realms 010/011",
  "route add 198.18.68.0/24 nexthop via 192.0.2.2 dev v0 realms 5 nexthop via 192.0.2.3 dev v0 realms 6/7",
  "rule add realms 1/2 table 5 pref 600",
  "rule add realms 0x20003 table 5 pref 601",
  "rule add realms 3/ table 5 pref 602",
];

describeKernel("realms on the command line, as ip reads them", () => {
  it("route add, nexthop and rule add with realms build what ip builds; bad values fail as ip fails", async () => {
    await withTwins(SETUP, async (a, b) => {
      await expectSameBatch(a, b, LINES.join("\n") + "\n", []);
      expect(jsonState(b)).toEqual(jsonState(a));
      const rules = (ns: string) => ipOk(["-n", ns, "-j", "rule", "show"]);
      expect(rules(b)).toBe(rules(a));
      // the route is there (a kernel without CONFIG_IP_ROUTE_CLASSID keeps it without its realms, for both tools)
      expect(ipOk(["-n", a, "-j", "route", "show", "198.18.63.0/24"])).toContain('"dst":"198.18.63.0/24"');
      for (const bad of ["route add 198.18.70.0/24 dev v0 realms x/y", "route add 198.18.71.0/24 dev v0 realms /4", "rule add realms 1/bogus table 5",
        "route add 198.18.72.0/24 nexthop via 192.0.2.2 dev v0 realms 99999999999"]) {
        await expectSameBatch(a, b, bad + "\n", [], bad);
      }
    });
  });

  it("route show realms: exact, source half (FROM/), destination half (TO, /TO), raw; the exact selector hides the realms", async () => {
    await withTwins(SETUP + LINES.filter((l) => l.startsWith("route")).join("\n") + "\n", async (a) => {
      for (const sel of ["16", "1/2", "3/", "1/", "/2", "0", "0x10000", "300", "bogus", "realm 5"]) {
        const args = sel.split(" ").length === 2 ? sel.split(" ") : ["realms", sel];
        await expectSame(["-n", a, "route", "show", ...args], sel);
        await expectSame(["-j", "-n", a, "route", "show", ...args], sel);
      }
    });
  });
});
