/**
 * A sweep of `ip route show|list|save|get|flush` selectors (ip 6.1's
 * iproute_list_flush_or_save grammar, filter_nlmsg, iproute_get) against
 * the machine's ip, at test time: twin namespaces with two veth pairs,
 * addresses of both families and routes of many kinds (tables main, local,
 * 100, 1000; protocols static, kernel, 42, bird; scopes link and host;
 * unicast, blackhole, unreachable, prohibit, local, broadcast; metrics,
 * gateways of both families and an IPv4 route via inet6, src, realms,
 * TOS, multipath, onlink, nexthop objects, local routes in main). Read-only
 * lines run in one namespace, flushes in both twins one after the other
 * with the routes compared after each; status, stdout and stderr must be
 * ip's. The lines that differed once (default/all without a family, vrf,
 * ip6_multiple_tables, save's magic and -j, showdump's family and -j,
 * flush's -s and cache, get's words and warnings) are among them.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const SETUP = `link set lo up
link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11
link add w0 address 02:00:00:00:00:20 type veth peer name w1 address 02:00:00:00:00:21
link set v0 addrgenmode none
link set v1 addrgenmode none
link set w0 addrgenmode none
link set w1 addrgenmode none
link set v0 up
link set v1 up
link set w0 up
link set w1 up
addr add 192.0.2.1/24 dev v0
addr add 198.51.100.1/24 dev w0
addr add 2001:db8:1::1/64 dev v0 nodad
addr add 2001:db8:2::1/64 dev w0 nodad
route add 203.0.113.0/24 via 192.0.2.2 proto static metric 10
route add 203.0.113.0/25 via 198.51.100.2 metric 20 proto 42
route add 198.18.0.0/16 dev v0 scope link proto bird
route add 198.18.1.0/24 via 192.0.2.2 src 192.0.2.1 realms 10/20
route add 198.18.13.0/24 via 192.0.2.2 realm 7
route add 198.18.2.0/24 via inet6 2001:db8:1::2 dev v0
route add blackhole 198.18.3.0/24
route add unreachable 198.18.4.0/24 metric 7
route add prohibit 198.18.5.0/24
route add 198.18.6.0/24 tos 0x10 via 192.0.2.2
route add default via 192.0.2.2 metric 100
route add default via 198.51.100.2 metric 200
route add 198.18.7.0/24 via 192.0.2.2 table 100
route add default dev w0 table 100
route add 198.18.7.0/25 dev w0 table 1000 proto kernel scope link
route add local 198.18.8.1 dev lo table 1000
route add broadcast 198.18.8.255 dev v0 table 1000
route add 198.18.9.0/24 nexthop via 192.0.2.2 dev v0 weight 1 nexthop via 198.51.100.2 dev w0 weight 2
route add 198.18.10.0/24 via 203.0.113.9 dev v0 onlink
nexthop add id 1 via 192.0.2.2 dev v0
nexthop add id 2 via 2001:db8:1::2 dev v0
route add 198.18.11.0/24 nhid 1
route add 2001:db8:11::/64 nhid 2
route add 198.18.12.0/24 dev lo scope host
route add local 198.18.30.1 dev lo table main
route add 2001:db8:10::/48 via 2001:db8:1::2 metric 5 proto static
route add 2001:db8:12::/64 dev w0 metric 1024 table 100
route add unreachable 2001:db8:13::/64
route add 2001:db8:14::/64 from 2001:db8:99::/64 via 2001:db8:1::2
route add 2001:db8:15::/64 via 2001:db8:2::2 dev w0 proto bird metric 1
route add 2001:db8:16::/64 nexthop via 2001:db8:1::2 dev v0 nexthop via 2001:db8:2::2 dev w0
route add 2001:db8:17::1 dev w0 src 2001:db8:2::1
route add default via 2001:db8:1::2
route add local 2001:db8:30::1 dev lo table main
`;

const w = (s: string) => s.split(" ");

/** Selectors of `route show` (also run as `list`, with -4/-6 and output options below). */
const SHOW = [
  // once different: a family-0 prefix ("default" by length only, "all"/"any" no filter), vrf
  "default", "all", "any", "to default", "root default", "match default", "exact default", "table all default",
  "table all root default", "table all from default", "table all via default", "table all src all",
  "vrf nosuch", "vrf v0", "vrf default", "v default", "vrf default type local",
  // the rest agreed
  "", "table main", "table local", "table 100", "table 1000", "table all", "table 0", "table 99", "table cache",
  "table bogus", "table", "table help", "cached", "cloned", "table all cached",
  "tos 0x10", "dsfield 0x10", "tos 0", "tos bogus", "proto static", "proto kernel", "proto 42", "proto bird", "proto all",
  "proto boot", "proto bogus", "scope link", "scope host", "scope all", "scope 253", "scope bogus",
  "type unicast", "type blackhole", "type unreachable", "type prohibit", "type local", "table all type local",
  "table all type broadcast", "type bogus", "dev v0", "oif w0", "dev lo", "dev nosuch", "iif v0", "iif nosuch",
  "mark 5", "mark bogus", "metric 10", "priority 100", "preference 200", "metric bogus",
  "via 192.0.2.2", "via 192.0.2.0/24", "via inet 192.0.2.2", "via inet6 2001:db8:1::2", "via inet6 2001:db8:1::/64",
  "table all via 2001:db8:1::2", "via bogus", "via inet6", "src 192.0.2.1", "src 192.0.2.0/24", "table all src 2001:db8:2::1",
  "realms 10/20", "realms 20", "realms 10/", "realms /20", "realm 7", "realms bogus",
  "from 192.0.2.0/24", "from root 0.0.0.0/0", "from match 0.0.0.0/0", "table all from 2001:db8:99::/64",
  "table all from root 2001:db8:99::/48", "table all from match 2001:db8:99::1",
  "198.18.0.0/16", "to 198.18.0.0/16", "root 198.18.0.0/16", "match 198.18.1.1", "exact 198.18.1.0/24",
  "to root 198.18.0.0/15", "to match 203.0.113.5", "203.0.113.0", "198.18/16", "0/0", "::/0",
  "table all match 2001:db8:16::1", "table all root 2001:db8::/32", "table all 2001:db8:17::1",
  "nhid 1", "table all proto kernel scope host", "table local type local dev v0", "table all dev w0",
  "dev v0 via 192.0.2.2 proto static metric 10", "proto static proto all", "198.18.0.0/33", "help", "foo bar", "from",
];

/** Option sets each SHOW selector runs under. */
const SHOW_OPTS = ["", "-4", "-6", "-0", "-j", "-d", "-6 -j"];

/** More option sets on a few selectors (statistics, details twice, JSON pretty, oneline details). */
const SHOW_MORE: string[] = [
  "-s route show", "-s -s route show table all", "-d -d route show table all", "-j -p -d route show table all",
  "-o -d route show nhid 1", "-o route show table all", "-o route get 198.18.9.1", "-o route get 203.0.113.5 connected", "-6 -s -d route show table all", "-N route show table all", "-color=always route show",
  "route list table all proto bird", "-6 route list table main",
];

/** `route get` lines (read-only; notify's cache flag only ever on 198.18.13.5, asked last). */
const GET = [
  // once different
  "203.0.113.5/24", "2001:db8:10::1/64", "0/0", "default", "all", "any", "from all 203.0.113.5",
  "203.0.113.5 connected", "198.18.3.1 connected", "2001:db8:10::1 connected", "203.0.113.5 c",
  "203.0.113.5 i v0 from 192.0.2.2", "203.0.113.5 o w0", "203.0.113.5 u 1000", "203.0.113.5 mark bogus",
  "203.0.113.5 from 192.0.2.0/24", "203.0.113.5 vrf v0", "203.0.113.5 vrf nosuch", "203.0.113.5 as 192.0.2.9",
  "203.0.113.5 as to 192.0.2.9", "203.0.113.5 as bogus",
  // agreed
  "203.0.113.5", "to 203.0.113.200", "198.18.1.1", "198.18.2.1", "198.18.3.1", "198.18.4.1", "198.18.5.1",
  "198.18.9.1", "198.18.10.1", "198.18.11.1", "198.18.12.5", "192.0.2.1", "192.0.2.255", "127.0.0.1", "8.8.8.8",
  "2001:db8:11::1", "2001:db8:13::1", "2001:db8:14::1 from 2001:db8:99::1", "2001:db8:16::1", "::1",
  "203.0.113.5 from 192.0.2.1", "203.0.113.5 iif v0 from 192.0.2.2", "203.0.113.5 oif w0", "203.0.113.5 dev w0",
  "203.0.113.5 oif nosuch", "203.0.113.5 mark 0x10", "198.18.6.1 tos 0x10", "203.0.113.5 tos bogus",
  "203.0.113.5 uid 1000", "203.0.113.5 uid bogus", "198.18.9.1 fibmatch", "198.18.11.1 fibmatch",
  "2001:db8:16::1 fibmatch", "203.0.113.5 ipproto tcp sport 80 dport 443", "203.0.113.5 ipproto bogus",
  "203.0.113.5 dport 70000", "", "help", "from 192.0.2.1", "203.0.113.5 bogus", "203.0.113.5 from 2001:db8:1::1",
];
const GET_OPTS = ["", "-4", "-6", "-0", "-j", "-d"];

/** Flushes, in this order on both twins (each line sees what the ones before left). */
const FLUSH = [
  "-s route flush 198.18.99.0/24", "route flush table cache", "-s route flush cached", "-6 -s route flush cached",
  "-s route flush table all cache", "-s -s route flush 203.0.113.0/24", "-j -s -s route flush proto bird",
  "-s route flush default", "-6 -s -s route flush proto static", "-s route flush table 100", "route flush table 77",
  "route flush vrf nosuch", "-o -s -s route flush realms 10/20", "-4 -s route flush table 1000",
  // nhid routes come back from the dump with their gateway, which the kernel refuses (EINVAL): status 2
  "route flush table main", "-6 -s -s route flush table main", "route flush",
];

/** Routes of both families, all tables, line-sorted (the ff00::/8 routes of the links come in either order). */
const routes = (ns: string) =>
  (ipOk(["-n", ns, "-d", "route", "show", "table", "all"]) + ipOk(["-n", ns, "-d", "-6", "route", "show", "table", "all"])).split("\n").sort().join("\n");

/** The stream of `route save` as bytes with each message's nlmsg_seq and nlmsg_pid zeroed (the socket's own). */
function saved(b: Uint8Array): string {
  const c = Buffer.from(b);
  for (let off = 4; off + 16 <= c.length; ) {
    const len = c.readUInt32LE(off);
    if (len < 16) break;
    c.fill(0, off + 8, off + 16);
    off += (len + 3) & ~3;
  }
  return c.toString("hex");
}

/** `route save` through ip (bytes of its stdout) and ours (the memory Io's latin1 string). */
async function expectSameSave(ns: string, args: string[]): Promise<void> {
  const r = Bun.spawnSync({ cmd: ["ip", "-n", ns, ...args], stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const want = { code: r.exitCode, out: saved(new Uint8Array(r.stdout)), err: r.stderr.toString() };
  const g = await cli(["-n", ns, ...args]);
  expect({ code: g.code, out: saved(Buffer.from(g.stdout, "latin1")), err: g.stderr }, args.join(" ")).toEqual(want);
}

/** `route showdump` of `dump` (bytes) under options `opts` through ip and ours. */
async function expectSameShowdump(ns: string, opts: string[], dump: Uint8Array): Promise<void> {
  const r = Bun.spawnSync({ cmd: ["ip", "-n", ns, ...opts, "route", "showdump"], stdin: dump, stdout: "pipe", stderr: "pipe" });
  const g = await cli(["-n", ns, ...opts, "route", "showdump"], Buffer.from(dump).toString("latin1"));
  expect(g, `${opts.join(" ")} route showdump`).toEqual({ code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() });
}

/** Each line through `ip -n NS` and ours in the same namespace: status, stdout and stderr equal. */
async function expectSameReads(ns: string, lines: string[][]): Promise<void> {
  for (const args of lines) {
    const want = ip(["-n", ns, ...args]);
    const got = await cli(["-n", ns, ...args]);
    expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }, args.join(" ")).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
  }
}

describeKernel("route show/save/get/flush selectors against ip 6.1", () => {
  it("show, list, save and get read the same; flush leaves the same routes", async () => {
    await withTwins(SETUP, async (a, b) => {
      const show = SHOW_OPTS.flatMap((o) => SHOW.map((s) => [...(o ? w(o) : []), "route", "show", ...(s ? w(s) : [])]));
      await expectSameReads(a, [...show, ...SHOW_MORE.map(w)]);
      for (const s of ["", "table all", "table 100", "tos bogus", "dev nosuch", "table 77", "default", "table all type local"]) {
        for (const o of ["", "-6", "-j", "-j -p"]) await expectSameSave(a, [...(o ? w(o) : []), "route", "save", ...(s ? w(s) : [])]);
      }
      // showdump: ip's filter untouched (-4/-6 select, cloned routes skipped), text even with -j
      const dump = Bun.spawnSync({ cmd: ["ip", "-n", a, "route", "save", "table", "all"], stdout: "pipe" }).stdout;
      for (const o of ["", "-4", "-6", "-0", "-j", "-j -p", "-d -o"]) await expectSameShowdump(a, o ? w(o) : [], new Uint8Array(dump));
      const get = GET_OPTS.flatMap((o) => GET.map((s) => [...(o ? w(o) : []), "route", "get", ...(s ? w(s) : [])]));
      await expectSameReads(a, [...get, w("route get 198.18.13.5 notify"), w("-j route get 198.18.13.5 n")]);
      // ip keeps ip6_multiple_tables for a whole -batch: table 100 first, then main shows its IPv6 local route
      const batch = "route show table 100\nroute show\nroute show table main\n";
      const bw = ip(["-n", a, "-6", "-batch", "-"], batch);
      expect(bw.stdout).toContain("local 2001:db8:30::1");
      expect(await cli(["-n", a, "-6", "-batch", "-"], batch)).toEqual({ code: bw.code, stdout: bw.stdout, stderr: bw.stderr });
      await expectSameLines(a, b, FLUSH.map(w), routes);
    });
  }, 60_000);
});
