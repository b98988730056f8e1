/**
 * Cases found by running more of the kernel's net selftests with `ip`
 * replaced by bun-netlink (scripts/selftests/fib-selftests.sh DIR SCRIPT):
 * each command line is the selftest's own (addresses and names made
 * ours), run through `ip -n A` and `bun-netlink -n B` in twin throwaway
 * namespaces; status, stdout and stderr must agree, and so must the state
 * read back with ip.
 * - altnames.sh's cleanup `ip link del name DEV`: iplink_parse takes
 *   `name X` as the device when no dev came before (dev = name), so del
 *   and set act on X, and `set dev X name X` renames nothing.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

/** Link names, flags and MTUs as `ip -j link` lists them (MACs and counters aside). */
function links(ns: string): string {
  const all = JSON.parse(ipOk(["-n", ns, "-j", "link", "show"])) as Array<Record<string, unknown>>;
  return JSON.stringify(all.map((l) => [l.ifname, l.flags, l.mtu]));
}

describeKernel("ip link: `name X` names the device (altnames.sh's cleanup)", () => {
  it("del/set with name act on the link as ip's do", async () => {
    await withTwins("link add t1 type veth peer name t1p\nlink add t3 type veth peer name t3p\n", async (a, b) => {
      await expectSameLines(a, b, [
        ["link", "set", "name", "t1", "up"],
        ["link", "set", "name", "t2", "dev", "t1"],
        ["link", "set", "dev", "t2", "name", "t2", "mtu", "1400"],
        ["link", "set", "name", "t1", "name", "t2"],
        ["link", "set", "name", "t9", "up"],
        ["link", "set", "dev", "t2", "dev", "t1p"],
        ["link", "del", "name", "t2"],
        ["link", "delete", "name", "t3p", "dev", "t3"],
        ["link", "del", "name", "t2"],
      ], links);
    });
  });
});
