/**
 * `ip rule add|del` words as iprule_modify of ip 6.1 reads them: ranges
 * through sscanf ("53abc" is 53, 65589 wraps to 53, "1-" is 1, a lone uid
 * is refused), ipproto through get_u8 base 10 or a name, every route type
 * as the action (nat, throw, numbers), table 0 (none) after an action word
 * and main otherwise, ip's ifname checks, and what the kernel judges
 * (backward goto, reversed ranges, port 0, realms on IPv6) left to it.
 * Root, twin namespaces, ip 6.1 as the reference: status, output and the
 * rules listed afterwards must agree.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\n";

/** Both rule listings of `ns`, by ip. */
const rules = (ns: string) => ipOk(["-n", ns, "rule", "show"]) + ipOk(["-n", ns, "-6", "rule", "show"]);

const CASES = [
  "rule add", "rule del", "rule add sport 53abc table 5 pref 10", "rule add sport 65589 table 5 pref 11",
  "rule add uidrange +100-200 table 5 pref 12", "rule add uidrange 100 table 5", "rule add dport 80-90x table 5 pref 13",
  "rule add dport 0 table 5 pref 14", "rule add dport 1- table 5 pref 15", "rule add sport x table 5", "rule add dport - table 5",
  "rule add ipproto 262 table 5", "rule add ipproto 0x6 table 5 pref 16", "rule add ipproto udp table 5 pref 16",
  "rule add tun_id 0x10 table 5 pref 17", "rule add tun_id -1x table 5", "rule add nat 192.0.2.1 table 5 pref 18",
  "rule add map-to 192.0.2.1 pref 19", "rule add m bogus pref 19", "rule add type unicast pref 20", "rule add from 192.0.2.1 type nat pref 21",
  "rule add table 5 blackhole pref 22", "rule add pref 23 unreachable table 5", "rule add iif a/b", "rule add oif 0123456789abcdef",
  "rule add dev 'a b'", "rule add iif a:b pref 31 table 5", "rule add pref 28 protocol all", "rule add pref 30 goto 40",
  "rule add from all pref 32 table 5", "rule add to default pref 33 table 5", "rule add uidrange 200-100 table 5 pref 41",
  "rule add sport 90-80 table 5 pref 42", "rule add type 2 pref 43", "rule add goto 10 pref 44", "rule add goto 100 blackhole pref 45",
  "rule add type throw pref 46", "rule add type 200 pref 47", "rule add type local pref 48", "rule add type b pref 49",
  "rule add type brd pref 50", "rule add type 0x1 pref 51", "rule add type 256 pref 52", "rule add type 0 pref 53", "rule add n pref 54",
  "rule add type bogus", "rule add l3mdev table 5", "rule add l3mdev table 0 pref 55", "rule add table 5 l3mdev", "rule add table 0 pref 56",
  "-6 rule add realms 5 table 5 pref 40", "-6 rule add nat 192.0.2.1 pref 41", "-6 rule add uidrange 1-2 iif v0 pref 42",
  "rule del pref 22", "rule del type blackhole", "rule del goto 40", "rule del nat 192.0.2.1", "rule del table 0 pref 20",
  "rule del from all pref 32", "rule del l3mdev", "rule del uidrange 100-200", "rule del sport 53", "-6 rule del pref 42",
  "-B rule add pref 60 table 5", "-M rule del pref 10",
].map((l) => (l.includes("'") ? l.replace(/'([^']*)'/, (_m, x: string) => x.replace(" ", "\u0000")) : l).split(" ").map((w) => w.replace("\u0000", " ")));

describeKernel("ip rule add|del: iprule_modify's words, the rest left to the kernel", () => {
  it("add and del lines against ip", async () => {
    await withTwins(SETUP, (a, b) => expectSameLines(a, b, CASES, rules));
  }, 60_000);
});
