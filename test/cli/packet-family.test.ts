/**
 * With -0 or -f link (preferred_family AF_PACKET), ip's get_prefix takes no
 * prefix: "Error: "X" may be inet prefix, but it is not allowed in this
 * context." and status 1, before any request; `link show` lists in that
 * family too, so its `to` refuses the same way. Where ip reads an address
 * instead (get_addr: a link-layer address), the command goes on. Root, twin
 * namespaces, ip 6.1 as the reference: status, output and the state
 * afterwards must agree.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ip, ipOk } from "./helpers.ts";

const SETUP = [
  "link set lo up", "link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
  "addr add 192.0.2.1/24 dev v0",
  "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
].join("\n") + "\n";

/** What the commands could have changed: addresses (brief), routes and rules of both families. */
const state = (ns: string) =>
  ipOk(["-n", ns, "-br", "addr", "show"]) + ["route", "rule"].map((o) => ipOk(["-n", ns, o, "show"]) + ipOk(["-n", ns, "-6", o, "show"])).join("");

describeKernel("-0 / -f link: no inet prefix where ip's get_prefix reads one", () => {
  it("route, address, rule, neighbour and addrlabel commands against ip", async () => {
    const cases = [
      ["-0", "route", "get", "192.0.2.1"],
      ["-0", "route", "get", "from", "192.0.2.1", "192.0.2.9"],
      ["-0", "route", "add", "192.0.2.0/25", "dev", "v0"],
      ["-f", "link", "route", "add", "192.0.2.0/25", "dev", "v0"],
      ["-0", "route", "add", "default", "via", "192.0.2.2"],
      ["-0", "route", "add", "via", "192.0.2.2", "dev", "v0"],
      ["-0", "route", "del", "192.0.2.0/24", "dev", "v0"],
      ["-0", "route", "show", "192.0.2.0/24"],
      ["-0", "route", "show", "root", "192.0.2.0/24"],
      ["-0", "route", "flush", "192.0.2.0/24"],
      ["-0", "route", "show"],
      ["-0", "addr", "add", "192.0.2.5/24", "dev", "v0"],
      ["-0", "addr", "add", "dev", "v0", "peer", "192.0.2.8"],
      ["-0", "addr", "del", "192.0.2.1/24", "dev", "v0"],
      ["-0", "addr", "show", "to", "192.0.2.0/24"],
      ["-f", "link", "addr", "show"],
      ["link", "show", "to", "192.0.2.0/24"],
      ["-0", "neigh", "show", "to", "192.0.2.0/24"],
      ["-0", "neigh", "show", "192.0.2.0/24"],
      ["-0", "rule", "add", "from", "192.0.2.0/24", "table", "5"],
      ["-0", "rule", "del", "from", "192.0.2.0/24"],
      ["-0", "rule", "show", "from", "192.0.2.0/24"],
      ["-0", "addrlabel", "add", "prefix", "2001:db8::/64", "label", "5"],
      ["-0", "token", "set", "::1/64", "dev", "v0"],
    ];
    await withTwins(SETUP, async (a, b) => {
      await expectSameLines(a, b, cases, state);
      expect(ip(["-n", a, "-0", "route", "add", "192.0.2.0/25", "dev", "v0"]).stderr).toBe('Error: "192.0.2.0/25" may be inet prefix, but it is not allowed in this context.\n');
    });
  }, 60_000);
});
