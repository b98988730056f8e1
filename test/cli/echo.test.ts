/**
 * `-echo` against ip 6.1 (rtnl_echo_talk) in twin throwaway namespaces:
 * the change goes out with NLM_F_ECHO and the kernel's echo of it is
 * printed by the object's print function ("Deleted " before a removal),
 * with -j as `[{...}]` (route, rule and nexthop open their own object
 * inside: `[{{...}}]`), `link set` (no echo from the kernel) as nothing or
 * `[{}]`, -br / -o / -d as ip prints them. Status, stdout, stderr and the
 * state afterwards must agree. A -batch of one change prints its echo;
 * longer ones differ on purpose (docs/CLI.md: ip reads each change's ACK
 * as the next line's answer).
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = [
  "link set lo up", "link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11",
  "link set v0 addrgenmode none", "link set v1 addrgenmode none", "link set v0 up", "link set v1 up", "addr add 192.0.2.1/24 dev v0",
].join("\n") + "\n";

const LINES = [
  "route add 198.51.100.0/24 dev v0", "-j route add 198.51.101.0/24 dev v0", "route del 198.51.100.0/24 dev v0",
  "route replace 198.51.101.0/24 dev v0 metric 5", "-d route append 198.51.104.0/24 dev v0", "-j -p route change 198.51.101.0/24 dev v0 metric 5 mtu 1400",
  "addr add 192.0.2.5/24 dev v0", "-j addr add 192.0.2.6/24 dev v0", "addr del 192.0.2.6/24 dev v0", "-br addr add 192.0.2.9/24 dev v0",
  "-o addr add 192.0.2.8/24 dev v0", "addr change 192.0.2.5/24 dev v0 valid_lft 100 preferred_lft 100",
  "link add d0 address 02:00:00:00:00:d0 type veth peer name d1 address 02:00:00:00:00:d1", "link set d0 mtu 1400", "-j link set d0 mtu 1300",
  "-j link del d0", "rule add from 192.0.2.9 table 7 pref 70", "-j rule del from 192.0.2.9 table 7 pref 70", "nexthop add id 5 dev v0",
  "-j nexthop replace id 5 dev v0", "nexthop del id 5", "route add 203.0.113.0/24 dev nosuch", "-j route del 203.0.113.0/24",
  "route show", "-j addr show dev lo", "link show lo", "route get 198.51.101.7", "addr flush dev v0 label v0:9",
].map((l) => ["-echo", ...l.split(" ")]);

/** IPv4 routes (the IPv6 multicast ones list in per-namespace hash order), addresses, links, rules and nexthops as ip lists them. */
const state = (ns: string) => ["-4 route show table all", "addr show", "link show", "rule show", "nexthop show"]
  .map((c) => ipOk(["-n", ns, ...c.split(" ")])).join("").replace(/valid_lft \d+sec preferred_lft \d+sec/g, "valid_lft Nsec preferred_lft Nsec");

describeKernel("-echo against ip", () => {
  it("prints the kernel's echo of each change as ip does", async () => {
    await withTwins(SETUP, async (a, b) => {
      await expectSameLines(a, b, LINES, state);
      await expectSameBatch(a, b, "route add 198.51.107.0/24 dev v0\n", ["-echo"]);
      await expectSameBatch(a, b, "route show\nroute add 198.51.108.0/24 dev v0\n", ["-echo", "-j"]);
    });
  }, 30_000);
});
