/**
 * `ip route show|save` in a namespace whose IPv4 main table does not exist
 * yet (a fresh namespace: the kernel answers the dump with ENOENT "FIB
 * table does not exist"). ip 6.1 (iproute.c save_route_errhndlr) suppresses
 * that error when the filter's table is main, so `ip -n NEW route` prints
 * nothing and exits 0, while `route show table 100` prints the kernel's
 * message and "Dump terminated" (status 2). bun-netlink must do the same,
 * for every command line below, compared with ip on the same namespace.
 */
import { expect, it } from "vitest";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, ip } from "./helpers.ts";

const LINES = [
  "route", "route show", "route list", "-4 route show", "-j route show", "-j -p route show", "route show table main",
  "route show table 100", "-j route show table 100", "-6 route show table 100", "route show table all", "route show dev lo",
  "route save", "route save table 100", "route flush table main", "route flush table 100", "-6 route show",
];

describeKernel("route show/save when the IPv4 main table does not exist", () => {
  it("prints what ip prints, with ip's status", async () => {
    using ns = tempNetns();
    // the premise: the kernel refuses this namespace's main-table dump
    const probe = ip(["-n", ns.name, "route", "show", "table", "100"]);
    expect(probe.stderr).toContain("FIB table does not exist");
    for (const line of LINES) {
      const args = ["-n", ns.name, ...line.split(" ")];
      const want = ip(args);
      const got = await cli(args);
      expect({ code: got.code, out: got.stdout, err: got.stderr }, `ip ${line}`).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
    }
  });
});
