/**
 * `ip netconf` against ip 6.1 (issue 14): in a throwaway namespace with a
 * veth pair and non-default settings (forwarding on, rp_filter loose and
 * strict, IPv6 forwarding), ip and bun-netlink run the same command line
 * on the same namespace; stdout, stderr and exit status must be equal.
 * netconf only reads, so one namespace serves both.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const CASES = [
  "netconf", "netconf show", "-4 netconf", "-6 netconf", "-6 netconf show dev v0", "-4 netconf show dev v1",
  "netconf show dev v0", "-j netconf", "-j -4 netconf", "-j netconf show dev v1", "-j -6 netconf show dev v0",
  "netconf list", "netconf lst dev lo", "netconf show foo dev v0",
  "netconf help", "netconf foo", "netconf show dev", "netconf show dev nosuch",
];

describeKernel("ip netconf (ip 6.1 compatible)", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    ipOk(["-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    ipOk(["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv4.conf.v0.forwarding=1", "net.ipv4.conf.v0.rp_filter=2",
      "net.ipv4.conf.v1.rp_filter=1", "net.ipv6.conf.v1.forwarding=1"]);
  });
  afterAll(() => ns?.remove());

  for (const c of CASES) {
    it(c, async () => {
      const args = ["-n", ns.name, ...c.split(" ")];
      const want = ip(args);
      const got = await cli(args);
      expect({ code: got.code, out: got.stdout, err: got.stderr }).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
    });
  }

  it("sees the settings ip sees (not only defaults)", () => {
    expect(ipOk(["-n", ns.name, "-4", "netconf", "show", "dev", "v0"])).toContain("forwarding on rp_filter loose");
  });

  it("lib: list and get agree with each other", () => {
    using nl = openRtnl({ netns: ns.name });
    const all = nl.netconf.list();
    const v0 = nl.links.get("v0");
    const fromDump = all.find((e) => e.family === 2 && e.ifindex === v0.ifindex);
    expect(fromDump).toMatchObject({ forwarding: 1, rpFilter: 2 });
    expect(nl.netconf.get(2, v0.ifindex)).toEqual(fromDump);
    expect(all.filter((e) => e.ifindex === -1).map((e) => e.family).sort((a, b) => a - b)).toEqual([2, 10]);
    expect(nl.netconf.list({ family: 10 }).every((e) => e.family === 10)).toBe(true);
    expect(() => nl.netconf.get(2, 1.5)).toThrow(/ifindex/);
  });
});
