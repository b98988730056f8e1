/**
 * `ip rule show|flush` read a selector grammar of their own
 * (iprule_list_flush_or_save of ip 6.1) and apply it as filter_nlmsg does:
 * a prefix lists every rule inside it, `src` is `from`, a bare prefix is
 * `to`, fwmark/ipproto/ports/tun_id select only when non-zero, `protocol`
 * (also `all`) is parsed by show but applied by flush only, and flush
 * honours the whole selector. With -0 the dump is refused ("Dump
 * terminated", status 255, -j's array left open), and `rule add|del` send
 * their rule in AF_PACKET for the kernel to refuse. Root, twin namespaces,
 * ip 6.1 as the reference: status, output and the rules listed afterwards
 * must agree.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1",
  "rule add from 192.0.2.5 table 100 pref 100",
  "rule add from 192.0.2.0/25 table 100 pref 101",
  "rule add from 192.0.2.0/24 to 198.51.100.0/24 table 101 pref 102",
  "rule add to 198.51.100.7 lookup 102 pref 103 protocol static",
  "rule add not from 203.0.113.0/24 table 103 pref 104 tos 0x10",
  "rule add fwmark 0x10/0xff table 104 pref 105",
  "rule add fwmark 0x20 table 104 pref 106",
  "rule add iif v0 table 105 pref 107",
  "rule add oif v1 table 105 pref 108 protocol boot",
  "rule add l3mdev pref 109",
  "rule add uidrange 100-200 table 106 pref 110",
  "rule add ipproto tcp dport 80-90 table 107 pref 111",
  "rule add ipproto udp sport 53 table 107 pref 112",
  "rule add table 1000 pref 114 suppress_prefixlength 0",
  "rule add goto 200 pref 115",
  "rule add pref 200 blackhole",
  "rule add from 192.0.2.5 table 100 pref 116 protocol 99",
  // printed by lib/format/rule.ts: tun_id, and action 0 as rtnl_rtntype_n2a names it ("none")
  "rule add tun_id 7 table 108 pref 117", "rule add type 0 pref 118",
].join("\n") + "\n";

const SETUP6 = [
  "rule add from 2001:db8::/32 table 100 pref 100",
  "rule add from 2001:db8:1::5 to 2001:db8:2::/48 table 100 pref 101 protocol static",
  "rule add to 2001:db8:2::7 table 100 pref 102",
];

/** Both rule listings of `ns`, by ip. */
const rules = (ns: string) => ipOk(["-n", ns, "rule", "show"]) + ipOk(["-n", ns, "-6", "rule", "show"]);

const SHOW = [
  "from 192.0.2.0/24", "src 192.0.2.0/25", "s 192.0.2.0/26", "from 192.0.2.5", "from 192.0.2.0/23", "from all", "from 0/0",
  "to 198.51.0.0/16", "198.51.100.0/24", "dst 198.51.100.7", "d 198.51.100.0/25", "all", "default",
  "protocol static", "protocol all", "protocol boot", "pro kernel", "pref 105", "order 104", "priority 0", "p 32766",
  "not", "tos 0x10", "dsfield 0x10", "fwmark 0x10", "fwmark 0x10/0xff", "fwmark 0x20/0xff", "fwmark 0/0xff", "fwmark 0x20",
  "dev v0", "iif v0", "oif v1", "iif nope", "l3mdev", "uidrange 100-200", "uidrange 100-201",
  "ipproto tcp", "ipproto 17", "ipproto 0", "dport 80-90", "dport 80", "sport 53", "sport 53-53", "sport 1-", "tun_id 7", "t 0",
  "table 1000", "lookup 104", "l 104", "table main", "table 0", "from 192.0.2.0/24 table 100", "not from 203.0.113.0/24",
  "from 192.0.2.0/24 to 198.51.100.0/24 pref 102", "sport 65589", "uidrange +100-200", "dport -1", "ipproto 262",
  "fwmark 0x10/0xff/1", "iif 0123456789abcde", "from 192.0.2/24", "from 192.0.2.0/255.255.255.0", "table 256", "dsf 0x10",
  // errors, before any request
  "foo", "dev a/b", "oif 0123456789abcdef", "protocol foo", "uidrange 5", "lookup foo", "tun_id x", "pref x", "tos x",
  "fwmark x", "fwmark 1/x", "from 2001:db8::/32", "ipproto foo", "sport x", "dport x", "to", "from", "tun_id 18446744073709551616",
  "from 192.0.2.0/33", "default/8",
].map((s) => ["rule", "show", ...s.split(" ")]);

const MORE_SHOW = [
  ["-j", "rule", "show", "from", "192.0.2.0/24"],
  ["-j", "rule", "show", "protocol", "all"],
  ["-j", "rule", "show"],
  ["-j", "rule", "show", "iif", "nope"],
  ["-j", "-p", "rule", "list", "to", "198.51.0.0/16"],
  ["-4", "rule", "lst", "from", "192.0.2.0/24"],
  ["-d", "rule", "show", "uidrange", "100-200"],
  ["-6", "rule", "show", "from", "2001:db8::/16"],
  ["-6", "rule", "show", "to", "2001:db8:2::/48"],
  ["-6", "rule", "show", "2001:db8::/32"],
  ["-6", "rule", "show", "protocol", "static"],
  ["-6", "rule", "show", "from", "192.0.2.0/24"],
  ["-j", "-6", "rule", "show", "from", "2001:db8:1::/48"],
  ["-0", "rule", "show"],
  ["-j", "-0", "rule", "show"],
  ["-j", "-p", "-0", "rule", "show"],
  ["-0", "rule", "show", "pref", "5"],
  ["-0", "rule", "flush"],
  ["-j", "-0", "rule", "flush"],
];

const FLUSH = [
  ["rule", "flush", "foo"],
  ["rule", "flush", "protocol", "bogus"],
  ["rule", "flush", "protocol", "static"],
  ["rule", "flush", "pref", "105"],
  ["rule", "flush", "from", "192.0.2.0/24", "protocol", "99"],
  ["rule", "flush", "from", "192.0.2.0/24"],
  ["-j", "rule", "flush", "uidrange", "100-200"],
  ["rule", "flush", "ipproto", "udp"],
  ["-6", "rule", "flush", "to", "2001:db8:2::/48"],
  ["-6", "rule", "flush", "protocol", "all", "from", "2001:db8::/16"],
  ["rule", "flush", "protocol", "all", "iif", "v0"],
  ["rule", "flush", "l3mdev"],
  ["rule", "flush", "not"],
  ["rule", "flush", "table", "main"],
  ["rule", "flush"],
  ["-6", "rule", "flush"],
];

describeKernel("ip rule show|flush: ip 6.1's own selector grammar and filter", () => {
  it("show, show -j/-6/-0 and flush lines against ip", async () => {
    await withTwins(SETUP, async (a, b) => {
      for (const ns of [a, b]) for (const r of SETUP6) ipOk(["-n", ns, "-6", ...r.split(" ")]);
      await expectSameLines(a, b, [...SHOW, ...MORE_SHOW, ...FLUSH], rules);
    });
  }, 60_000);

  it("-0 / -f link rule add|del: sent in AF_PACKET, refused by the kernel", async () => {
    const cases = [
      ["-0", "rule", "add", "pref", "300", "table", "100"],
      ["-f", "link", "rule", "add", "table", "100"],
      ["-0", "rule", "add", "fwmark", "5", "blackhole"],
      ["-0", "rule", "del", "pref", "200"],
      ["-0", "rule", "del", "table", "main"],
      ["-0", "rule", "add"],
    ];
    await withTwins(SETUP, (a, b) => expectSameLines(a, b, cases, rules));
  }, 30_000);
});
