/**
 * `ip nexthop show|flush fdb`: ip sends NHA_FDB and prints (or deletes)
 * whatever the kernel answers; no kernel applies that selector, so ip lists
 * and flushes every nexthop. The CLI must do the same, not the library's
 * `list({ fdb: true })` (which filters what the kernel leaves).
 * Root, twin namespaces, ip 6.1 as the reference: status, output and the
 * nexthops listed afterwards must agree.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "addr add 192.0.2.1/24 dev v0",
  "nexthop add id 1 via 192.0.2.2 dev v0", "nexthop add id 2 blackhole", "nexthop add id 5 via 192.0.2.5 fdb",
  "nexthop add id 6 group 5 fdb", "nexthop add id 10 group 1",
].join("\n") + "\n";

const nexthops = (ns: string) => ipOk(["-n", ns, "nexthop", "show"]);

const CASES = [
  "nexthop show fdb", "-j nexthop show fdb", "nexthop list fdb dev v0", "-4 nexthop show fdb", "nexthop show groups fdb",
  "nexthop show fdb protocol boot", "nexthop flush fdb dev v0", "nexthop flush fdb",
].map((l) => l.split(" "));

describeKernel("ip nexthop show|flush fdb: what the kernel answers, as ip", () => {
  it("fdb selector lines against ip", async () => {
    await withTwins(SETUP, (a, b) => expectSameLines(a, b, CASES, nexthops));
  }, 60_000);
});
