/**
 * `bun-netlink-tc filter add ...` lines whose actions fail while tc reads
 * them, run live in twin namespaces against tc 6.1 (stdout, stderr, exit
 * status): a mirred `dev` that does not exist fails the action where
 * parse_mirred looks it up ("Cannot find device", then parse_action's
 * "bad action parsing" / "bad value (ARGC:mirred)" and the classifier's
 * line), before any later word; lines an action printed while reading
 * (skbmod's "dst MAC address <...>") come out before a later failure.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const HEAD = "filter add dev v0 parent ffff: protocol ip";
const LINES: string[] = [
  "u32 match ip src 192.0.2.1/32 action mirred egress redirect dev nosuch",
  "u32 match ip src 192.0.2.1/32 action mirred egress redirect dev v1 action mirred egress mirror dev nosuch",
  "u32 match ip src 192.0.2.1/32 action mirred egress redirect dev nosuch index 5",
  "u32 match u32 0 0 action mirred egress mirror dev nosuch pipe",
  "u32 match u32 0 0 action mirred egress redirect dev v1 action mirred egress redirect dev nosuch action bogus",
  "u32 match u32 0 0 action skbmod set dmac 00:11:22:33:44:55 action bogus",
  "u32 match u32 0 0 action skbmod set dmac 00:11:22:33:44:55 set etype 0x800 action mirred egress redirect dev nosuch",
  "matchall action mirred egress redirect dev nosuch",
  "flower action mirred egress redirect dev nosuch",
  "basic action mirred egress redirect dev nosuch",
  "fw action mirred egress redirect dev nosuch",
  "route action mirred egress redirect dev nosuch",
  "bpf bytecode 1,6 0 0 0 action mirred egress redirect dev nosuch",
  "u32 match u32 0 0 action mirred egress redirect dev v1",
];

describeKernel("bun-netlink-tc filter lines whose actions fail while read: as tc 6.1", () => {
  it("every line prints the same and exits the same", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]);
    for (const l of LINES) {
      const args = `${HEAD} ${l}`.split(" ");
      expect(await oursTc(b.name, args), l).toEqual(theirsTc(a.name, args));
    }
    expect(tc(b.name, ["filter", "show", "dev", "v0", "ingress"])).toBe(tc(a.name, ["filter", "show", "dev", "v0", "ingress"]));
    // the texts compared are tc's
    const err = theirsTc(a.name, `${HEAD} ${LINES[0]}`.split(" ")).err;
    expect(err).toBe('Cannot find device "nosuch"\nbad action parsing\nparse_action: bad value (5:mirred)!\nIllegal "action"\n');
    expect(theirsTc(a.name, `${HEAD} ${LINES[5]}`.split(" ")).err).toMatch(/^dst MAC address <00:11:22:33:44:55>\n/);
  }, 60_000);
});
