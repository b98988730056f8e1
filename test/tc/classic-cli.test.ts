/**
 * bun-netlink-tc on fw, route and flow command lines, run live in twin
 * namespaces (v0/v1 with an ingress qdisc) against tc 6.1: stdout, stderr
 * and exit status equal. The kernel's tc selftests' command lines for these
 * classifiers (tdc filters/fw.json, route.json, flow.json, deduplicated;
 * their verifying filter get/show lines too)
 * and lines tc refuses while parsing (f_fw.c, f_route.c, f_flow.c errors,
 * police and action failures inside the classifier's words). Where the
 * kernel lacks the classifier both get its refusal; where it has it, both
 * sequences change twin namespaces the same way.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

/** tdc's cmdUnderTest lines ($DEV1 = v0), by the first test id using each. */
const TDC: Array<[string, string[]]> = [
  ["901f", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "65535", "fw", "action", "ok"]],
  ["51e2", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "65536", "fw", "action", "ok"]],
  ["d987", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "ok"]],
  ["c591", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "gact", "index", "1"]],
  ["affe", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "continue"]],
  ["28bc", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "pipe"]],
  ["8da2", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "drop"]],
  ["9436", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "reclassify"]],
  ["95bb", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "jump", "10"]],
  ["3d74", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "goto", "chain", "5"]],
  ["eb8f", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "action", "pump"]],
  ["6a79", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw"]],
  ["8298", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "fw", "action", "pipe", "cookie", "aa11bb22cc33dd44ee55ff66aa11b1b2"]],
  ["a88c", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "fw", "action", "continue", "cookie", "aa11bb22cc33dd44ee55ff66aa11b1b2777888"]],
  ["10f6", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "0xa1b2ff", "prio", "1", "fw", "action", "ok"]],
  ["9d51", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "4294967295", "prio", "1", "fw", "action", "ok"]],
  ["d939", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "4294967296", "prio", "1", "fw", "action", "ok"]],
  ["658c", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "10/0xa1b2f", "prio", "1", "fw", "action", "ok"]],
  ["86be", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "10/4294967295", "prio", "1", "fw", "action", "ok"]],
  ["e635", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "10/4294967296", "prio", "1", "fw", "action", "ok"]],
  ["6cab", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "0xa1b2cdff/0x1a2bffdc", "prio", "1", "fw", "action", "ok"]],
  ["8700", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "4294967295/4294967295", "prio", "1", "fw", "action", "ok"]],
  ["7d62", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "4294967296/4294967296", "prio", "1", "fw", "action", "ok"]],
  ["7b69", ["filter", "add", "dev", "v0", "parent", "ffff:", "prio", "1", "fw", "action", "ok"]],
  ["d68b", ["filter", "add", "dev", "v0", "parent", "aa11b1b2:", "handle", "1", "prio", "1", "fw", "action", "ok"]],
  ["66e0", ["filter", "add", "dev", "v0", "handle", "1", "prio", "1", "fw", "action", "ok"]],
  ["0ff3", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "classid", "3", "action", "ok"]],
  ["9849", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "classid", "ffff:ffff", "action", "ok"]],
  ["b7ff", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "classid", "98765fedcb", "action", "ok"]],
  ["2b18", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "fw", "classid", "6789defg", "action", "ok"]],
  ["fade", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "10", "prio", "1", "fw", "flowid", "1:10", "action", "ok"]],
  ["33af", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "11", "prio", "1", "fw", "flowid", "10", "classid", "4", "action", "ok"]],
  ["8a8c", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "11", "prio", "1", "fw", "classid", "4", "flowid", "10", "action", "ok"]],
  ["b50d", ["filter", "add", "dev", "v0", "parent", "ffff:", "prio", "3", "handle", "10/0xff", "fw", "flowid", "10:1000", "action", "ok"]],
  ["7207", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "1", "handle", "3", "fw", "action", "ok"]],
  ["306d", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ipv6", "prio", "2", "handle", "4", "fw", "action", "ok"]],
  ["9a78", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "arp", "prio", "5", "handle", "7", "fw", "action", "drop"]],
  ["1821", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "802_3", "handle", "1", "prio", "1", "fw", "action", "ok"]],
  ["2260", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "igmp", "handle", "1", "prio", "1", "fw", "action", "ok"]],
  ["09d7", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "3", "handle", "8", "fw", "action", "ok"]],
  ["6973", ["filter", "add", "dev", "v0", "parent", "ffff:", "prio", "8", "handle", "4", "fw", "action", "continue", "index", "5"]],
  ["fc06", ["filter", "add", "dev", "v0", "parent", "ffff:", "prio", "3", "handle", "4", "fw", "action", "police", "rate", "1kbit", "burst", "10k", "index", "5"]],
  ["aac7", ["filter", "add", "dev", "v0", "parent", "ffff:", "prio", "3", "handle", "4", "fw", "action", "police", "rate", "2mbit", "burst", "200k", "linklayer", "atm", "index", "8"]],
  ["5339", ["filter", "del", "dev", "v0", "parent", "ffff:"]],
  ["0e99", ["filter", "del", "dev", "v0", "parent", "ffff:", "handle", "3", "prio", "9", "fw", "action", "pass"]],
  ["ba94", ["filter", "del", "dev", "v0", "parent", "ffff:", "prio", "4"]],
  ["4acb", ["filter", "del", "dev", "v0", "parent", "ffff:", "chain", "13"]],
  ["3424", ["filter", "del", "dev", "v0", "parent", "ffff:", "fw", "action", "drop"]],
  ["da89", ["filter", "del", "dev", "v0", "parent", "ffff:", "handle", "3", "fw"]],
  ["4d95", ["filter", "del", "dev", "v0", "parent", "ffff:", "protocol", "arp", "fw"]],
  ["4736", ["filter", "del", "dev", "v0", "parent", "ffff:", "fw", "flowid", "45"]],
  ["3dcb", ["filter", "replace", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "fw", "action", "pipe"]],
  ["eb4d", ["filter", "replace", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "fw", "action", "pipe", "classid", "2"]],
  ["67ec", ["filter", "replace", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "fw", "action", "ok", "index", "16"]],
  ["ec1a", ["filter", "replace", "dev", "v0", "parent", "10:", "handle", "1", "prio", "1", "fw", "action", "drop"]],
  ["e122", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "100", "route", "from", "1", "to", "10", "classid", "1:10"]],
  ["6573", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "100", "route", "fromif", "v0", "to", "10", "classid", "1:10"]],
  ["1362", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "2", "route", "to", "10", "classid", "1:20", "action", "reclassify"]],
  ["4720", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "2", "route", "from", "10", "classid", "1:100", "action", "continue"]],
  ["2812", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "2", "route", "from", "10", "to", "2", "classid", "1:1", "action", "pipe"]],
  ["7994", ["filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "2", "route", "from", "10", "to", "2", "classid", "1:1", "action", "skbedit", "mark", "7", "pipe", "action", "gact", "drop"]],
  ["4312", ["filter", "show", "dev", "v0", "parent", "ffff:"]],
  ["2634", ["filter", "del", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "2", "route", "from", "10", "to", "2", "classid", "1:1", "action", "pipe"]],
  ["5294", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "dst", "and", "0xff"]],
  ["3514", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "dst", "or", "0xff"]],
  ["7534", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "dst", "xor", "0xff"]],
  ["4524", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "dst", "rshift", "0x1f"]],
  ["0230", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "dst", "addend", "0xff"]],
  ["2344", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "src", "addend", "0xff"]],
  ["9304", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "proto", "addend", "0xff"]],
  ["9038", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "proto-src", "addend", "0xff"]],
  ["2a03", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "proto-dst", "addend", "0xff"]],
  ["a073", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "iif", "addend", "0xff"]],
  ["3b20", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "priority", "addend", "0xff"]],
  ["8945", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "mark", "addend", "0xff"]],
  ["c034", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "nfct", "addend", "0xff"]],
  ["0205", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "nfct-dst", "addend", "0xff"]],
  ["5315", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "nfct-src", "addend", "0xff"]],
  ["7849", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "nfct-proto-src", "addend", "0xff"]],
  ["9902", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "nfct-proto-dst", "addend", "0xff"]],
  ["6742", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "rt-classid", "addend", "0xff"]],
  ["5432", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "sk-uid", "addend", "0xff"]],
  ["4134", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "sk-gid", "addend", "0xff"]],
  ["4522", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "vlan-tag", "addend", "0xff"]],
  ["4253", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "rxhash", "addend", "0xff"]],
  ["4452", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "hash", "keys", "src"]],
  ["4341", ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "hash", "keys", "src", "divisor", "1024", "baseclass", "1:1", "match", "cmp(u8 at 0 layer link mask 0xff gt 10)", "action", "drop"]],
  ["4322", ["filter", "change", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "rxhash", "addend", "0x22"]],
  ["2320", ["filter", "replace", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "rxhash", "addend", "0x88"]],
  ["3213", ["filter", "delete", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow", "map", "key", "rxhash", "addend", "0xff"]],
];

/** tdc's verifyCmd lines for these tests (filter get/show of fw, route and flow filters), by the first test id using each. */
const TDC_VERIFY: Array<[string, string[]]> = [
  ["901f", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "65535", "protocol", "all", "fw"]],
  ["51e2", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "65536", "protocol", "all", "fw"]],
  ["d987", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "all", "fw"]],
  ["8da2", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "protocol", "all", "prio", "1", "fw"]],
  ["8298", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "2", "protocol", "all", "fw"]],
  ["10f6", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "0xa1b2ff", "prio", "1", "protocol", "all", "fw"]],
  ["9d51", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4294967295", "prio", "1", "protocol", "all", "fw"]],
  ["d939", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4294967296", "prio", "1", "protocol", "all", "fw"]],
  ["658c", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "10", "prio", "1", "protocol", "all", "fw"]],
  ["6cab", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "0xa1b2cdff", "prio", "1", "protocol", "all", "fw"]],
  ["8700", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "0xffffffff", "prio", "1", "protocol", "all", "fw"]],
  ["7b69", ["filter", "show", "dev", "v0", "parent", "ffff:"]],
  ["d68b", ["filter", "dev", "v0", "parent", "aa11b1b2:", "handle", "1", "prio", "1", "protocol", "all", "fw"]],
  ["33af", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "11", "prio", "1", "protocol", "all", "fw"]],
  ["b50d", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "10", "prio", "3", "protocol", "all", "fw"]],
  ["7207", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "3", "prio", "1", "protocol", "ip", "fw"]],
  ["306d", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4", "prio", "2", "protocol", "ipv6", "fw"]],
  ["9a78", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "7", "prio", "5", "protocol", "arp", "fw"]],
  ["1821", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "802_3", "fw"]],
  ["2260", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "igmp", "fw"]],
  ["09d7", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "8", "prio", "3", "protocol", "ip", "fw"]],
  ["6973", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4", "prio", "8", "protocol", "all", "fw"]],
  ["fc06", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4", "prio", "3", "protocol", "all", "fw"]],
  ["3424", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "2", "prio", "4", "protocol", "all", "fw"]],
  ["da89", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "3", "prio", "4", "protocol", "all", "fw"]],
  ["4d95", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "4", "prio", "2", "protocol", "arp", "fw"]],
  ["ec1a", ["filter", "show", "dev", "v0", "parent", "10:"]],
  ["e122", ["filter", "ls", "dev", "v0", "parent", "ffff:"]],
  ["5294", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "protocol", "ip", "prio", "1", "flow"]],
  ["4322", ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", "flow"]],
];

const FW = ["filter", "add", "dev", "v0", "parent", "ffff:", "pref", "7"];
const w = (s: string) => s.split(" ");
/** Lines tc refuses while parsing (and some it sends): fw, route and flow words, values, prefixes and failures inside police/action. */
const OWN: string[][] = [
  "fw bogus", "fw help", "fw classid", "fw classid zz", "fw classid 1:10000", "fw classid 10000:1", "fw classid :", "fw classid 0x1:2", "fw c 1:1", "fw fl 1:2 action drop",
  "fw indev", "fw indev 0123456789abcdefXYZ classid 1:1", "fw police", "fw police classid 1:1", "fw police rate 1mbit classid 1:1",
  "fw police rate 1mbit burst 10k help", "fw p rate 1mbit burst 1k c 1:1", "fw action", "fw action help", "fw action bogus",
  "fw action police rate 1mbit", "fw action drop classid 1:1 bogus", "handle 1/zz fw classid 1:1", "handle /5 fw classid 1:1",
  "handle 0x1/0x2 fw", "handle 1/4294967296 fw action ok", "handle zz fw",
  "route bogus", "route help", "route to 256", "route to nosuch", "route to", "route from -1", "route fromif nosuch", "route fromif if99 to 1",
  "route fromif v1 from 1", "route order x", "route t 5 f 6 c 1:1", "route flowid 1:1 to 3", "route fl 1:1", "route fromi v1",
  "route police rate 1mbit burst 10k bogus", "route police rate 1mbit", "route action drop bogus", "route action help", "handle x route to 1",
  "route to cosmos order 3", "handle 0x5 route to 5", "route to unknown", "route from 0x10 to 010", "route to 255 from 0xff", "route to -1",
  "flow keys", "flow keys foo", "flow keys src,", "flow keys src,dst", "flow hash keys src,dst,nfct-proto-src", "flow keys s,d,pro hash",
  "flow and zz", "flow or -1", "flow xor 0x100000000", "flow addend 1.2.3.4", "flow keys src addend bogus", "flow keys proto-src addend ::1",
  "flow keys proto addend 1.2.3.4", "flow keys src addend default", "flow keys dst addend -0x10", "flow keys dst addend -",
  "flow baseclass 1:0", "flow baseclass zz", "flow baseclass 1", "flow divisor x", "flow perturb", "flow rshift x", "flow match",
  "flow m key mark", "flow h keys mark", "flow help", "flow bogus", "flow police rate 1mbit burst 10k", "flow action", "handle 0x1g flow",
  // police's SIZE/CELL (get_size_and_cell) and mirred's index without a direction, inside a classifier's words
  "fw police rate 1mbit burst 10k/8 classid 1:1", "fw police rate 1mbit burst 10x/8", "fw police rate 1mbit burst 10k/x", "fw police rate 1mbit burst 10k/3",
  "fw police rate 1mbit burst 10k/-2147483648", "fw police rate 1mbit burst 10k/0", "fw action police rate 1mbit burst 10k/8 mtu 2k/3 peakrate 2mbit",
  "fw action police rate 1mbit burst 10k/16 mtu 2k/4 peakrate 2mbit", "fw action mirred index 5", "fw action mirred index 5 pipe", "fw action mirred index 5 index 6",
  "fw action mirred index 5 drop classid 1:1",
].map(w);

describeKernel("bun-netlink-tc fw, route and flow command lines print and exit as tc 6.1", () => {
  it("class ids as get_tc_classid reads them (through u32, which this kernel has; then listed)", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    const forms = ["98765fedcb", " 1:2", "+1:2", "0x10:0x20", "1:-1", "-1", "fffffffff", "1: ", ":", "1:", ":5", "ffff:ffff", "root", "none", "10000:1", "1:10000", "0x", "1:2x"];
    for (const [n, f] of forms.entries()) {
      const args = ["filter", "add", "dev", "v0", "ingress", "protocol", "ip", "pref", String(n + 1), "u32", "match", "u32", "0", "0", "classid", f];
      expect(await oursTc(b.name, args), JSON.stringify(f)).toEqual(theirsTc(a.name, args));
    }
    const show = ["filter", "show", "dev", "v0", "ingress"];
    const listed = theirsTc(a.name, show);
    expect(listed.out).toContain("flowid 765f:edcb");
    expect(await oursTc(b.name, show)).toEqual(listed);
  }, 120_000);
  it("tdc's fw, route and flow command lines", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]);
    for (const [id, args] of TDC) expect(await oursTc(b.name, args), `${id}: ${args.join(" ")}`).toEqual(theirsTc(a.name, args));
    for (const [id, args] of TDC_VERIFY) expect(await oursTc(b.name, args), `${id}: ${args.join(" ")}`).toEqual(theirsTc(a.name, args));
  }, 120_000);
  it("lines refused while parsing, and their neighbours", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]);
    for (const l of OWN) {
      const args = [...FW, ...l];
      expect(await oursTc(b.name, args), args.join(" ")).toEqual(theirsTc(a.name, args));
    }
    // filter get: the classifier reads its words (and may refuse them), then tc calls any word left over garbage
    for (const l of ["fw", "fw classid 1:1", "fw classid zz", "route to 10 classid 1:20", "flow", "flow keys src", "fw help", "matchall help", "flow hash keys src,dst"]) {
      const args = ["filter", "get", "dev", "v0", "parent", "ffff:", "handle", "1", "prio", "1", "protocol", "ip", ...w(l)];
      expect(await oursTc(b.name, args), args.join(" ")).toEqual(theirsTc(a.name, args));
    }
    // chain templates read the classifier's words the same way (route's fromif looked up while reading)
    for (const l of ["route fromif nosuch", "route fromif v1 to 3", "fw handle 1", "flow hash keys src,dst divisor 8", "fw classid 1:1 indev v1"]) {
      const args = ["chain", "add", "dev", "v0", "ingress", "chain", "3", ...w(l)];
      expect(await oursTc(b.name, args), args.join(" ")).toEqual(theirsTc(a.name, args));
    }
    // the messages compared are tc's real ones
    const err = (l: string) => theirsTc(a.name, [...FW, ...w(l)]).err;
    expect(err("fw action help")).toBe('Illegal fw "action"\n');
    expect(err("route fromif nosuch")).toBe('Illegal "fromif"\n');
    expect(err("flow keys src,dst")).toBe('Invalid mode "map" for multiple keys\n');
    expect(err("fw police rate 1mbit classid 1:1")).toBe("'burst' requires 'rate'.\nIllegal \"police\"\n");
  }, 120_000);
});
