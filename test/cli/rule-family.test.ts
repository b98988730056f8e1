/**
 * `ip rule add|del` take the rule's family from -4/-6 only (iprule_modify:
 * preferred_family, AF_UNSPEC becoming AF_INET at the end), never from the
 * prefixes: without -6, `from 2001:db8::/64` is sent in an IPv4 rule and the
 * kernel refuses it ("Invalid source address", status 2). A prefix length
 * beyond the address width for suppress_prefixlength is also the kernel's
 * to take. `rule show` parses its selectors' prefixes in the listing's
 * family. Root, twin namespaces, ip 6.1 as the reference: status, output
 * and the rules listed afterwards must agree.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink set v0 up\n";

/** Both rule listings of `ns`. */
const rules = (ns: string) => ipOk(["-n", ns, "rule", "show"]) + ipOk(["-n", ns, "-6", "rule", "show"]);

describeKernel("ip rule: the family comes from -4/-6, not from the prefixes", () => {
  it("add and del with IPv6 or IPv4 prefixes, with and without -6/-4", async () => {
    const cases = [
      ["rule", "add", "from", "2001:db8::/64", "table", "5"],
      ["rule", "add", "to", "2001:db8:1::/64", "table", "5", "pref", "40"],
      ["-6", "rule", "add", "from", "2001:db8::/64", "table", "5", "pref", "41"],
      ["-4", "rule", "add", "from", "2001:db8:2::/64", "table", "5"],
      ["rule", "add", "from", "192.0.2.0/24", "table", "5", "pref", "42"],
      ["-6", "rule", "add", "from", "192.0.2.0/24", "table", "5"],
      ["rule", "del", "from", "2001:db8::/64", "table", "5", "pref", "41"],
      ["-6", "rule", "del", "from", "2001:db8::/64", "table", "5", "pref", "41"],
      ["rule", "del", "from", "192.0.2.0/24", "pref", "42"],
      ["rule", "add", "from", "2001:db8::/64", "table", "5", "suppress_prefixlength", "129", "pref", "43"],
      ["-6", "rule", "add", "from", "2001:db8::/64", "table", "5", "suppress_prefixlength", "129", "pref", "43"],
      // iprule_list parses its selectors' prefixes in the listing's family (AF_INET without -6)
      ["rule", "show", "from", "2001:db8::/64"],
      ["rule", "show", "to", "2001:db8::/64"],
      ["-6", "rule", "show", "from", "2001:db8::/64"],
      ["rule", "show", "from", "192.0.2.0/24"],
      ["-6", "rule", "show", "from", "192.0.2.0/24"],
    ];
    await withTwins(SETUP, (a, b) => expectSameLines(a, b, cases, rules));
  }, 60_000);
});
