/**
 * Differential test (root): `route show` prints a big table in parts as the
 * dump arrives (cli/route.ts list, a batch of routes at a time, the link
 * names looked up on a second connection meanwhile). With thousands of
 * routes, many batches, IPv4 plain routes (printed from the dump's bytes)
 * and IPv6 multipath routes (printed generically), JSON and text, the
 * output must be exactly ip's.
 */
import { afterAll, beforeAll, it } from "vitest";
import { addLines } from "../../bench/lib/route-sets.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { expectSame, ipOk } from "./helpers.ts";

describeKernel("cli: route show streams big tables", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    ipOk(["-n", ns.name, "-batch", "-"], [
      "link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
      "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
    ].join("\n") + "\n");
    // 198.18.0.0/15 and 2001:2::/48 inside this throwaway namespace only (bench/lib/route-sets.ts)
    ipOk(["-n", ns.name, "-batch", "-"], [...addLines("v4-mix", 5000), ...addLines("v6-ecmp", 5000)].join("\n") + "\n");
  }, 60_000);
  afterAll(() => ns?.remove());

  it("prints 5,000 IPv4 and 5,000 IPv6 multipath routes like ip, as JSON and as text", async () => {
    const n = ns.name;
    await expectSame(["-j", "-4", "-n", n, "route", "show", "table", "all"], "IPv4 JSON");
    await expectSame(["-j", "-6", "-n", n, "route", "show", "table", "all"], "IPv6 JSON");
    await expectSame(["-4", "-n", n, "route", "show", "table", "all"], "IPv4 text");
    await expectSame(["-6", "-n", n, "route", "show"], "IPv6 text");
    await expectSame(["-j", "-n", n, "route", "show", "dev", "v0"], "a filter");
  }, 120_000);
});
