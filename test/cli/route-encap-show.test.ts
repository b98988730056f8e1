/**
 * `route show` of routes with `encap ip|ip6` (root): the routes are added
 * with ip in one namespace and with bun-netlink in its twin; then
 * bun-netlink's listing of its namespace (text, -j, -d, -6, with and
 * without a selector) must equal ip's listing of ip's namespace, byte for
 * byte, and ip must list both namespaces alike. The routes cover every
 * field print_encap_ip/print_encap_ip6 print (id, src, dst, ttl/hoplimit,
 * tos/tc, key/csum/seq), encaps on the route itself and inside multipath
 * hops, and fib_tests.sh's notify route (seven hops, six with an encap).
 * v0 has no link-local address and v1 no IPv6, so the namespaces' other
 * routes are equal without waiting for address configuration.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const SETUP = [
  "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
];

const ADDS = [
  "route add 198.51.100.0/26 encap ip id 1 dst 192.0.2.9 ttl 3 key via 192.0.2.2 dev v0",
  "route add 198.51.100.64/26 encap ip dst 192.0.2.9 src 192.0.2.1 tos 0x10 csum seq dev v0",
  "route add 198.51.100.128/26 encap ip id 18446744073709551615 dst 192.0.2.10 ttl 255 tos 0xfc key csum seq via 192.0.2.2 table 100",
  "route add 203.0.113.0/24 nexthop via 192.0.2.2 dev v0 nexthop encap ip dst 192.0.2.20 via 192.0.2.3 dev v0 weight 3" +
    " nexthop encap ip id 5 dst 192.0.2.21 ttl 9 key via 192.0.2.4 dev v0",
  "-6 route add 2001:db8:5::/64 encap ip6 id 77 dst 2001:db8::9 hoplimit 5 tc 3 key via 2001:db8::2 dev v0",
  "-6 route add 2001:db8:6::/64 encap ip6 dst 2001:db8::a src 2001:db8::1 csum seq dev v0 metric 7",
  "-6 route add 2001:db8:7::/64 nexthop via 2001:db8::2 dev v0 nexthop encap ip6 dst 2001:db8::20 via 2001:db8::3 dev v0" +
    " nexthop encap ip6 id 3 dst 2001:db8::30 hoplimit 1 via 2001:db8::4 dev v0",
  // fib_tests.sh fib_notify_test's route, in the documentation ranges
  "route add 198.51.100.192/26 nexthop via 192.0.2.11 dev v0" +
    [20, 30, 40, 50, 60, 70].map((i) => ` nexthop encap ip dst 203.0.113.${i} via 192.0.2.${i} dev v0`).join(""),
];

const SHOWS = [
  "route", "-j route", "-d route", "-j -d route", "-j -p route", "route show table 100", "-j route show table all type unicast",
  "-6 route", "-j -6 route", "-6 route show 2001:db8:7::/64", "route show 203.0.113.0/24", "-j route get 198.51.100.1",
  "route get 198.51.100.70", "-6 route get 2001:db8:5::1", "-j -6 route get 2001:db8:7::1",
];

describeKernel("route show prints encap ip|ip6 as ip 6.1", () => {
  let a: TempNetns;
  let b: TempNetns;
  beforeAll(async () => {
    a = tempNetns();
    b = tempNetns();
    for (const ns of [a, b]) {
      ipOk(["-n", ns.name, "link", "add", "v0", "address", "02:00:00:00:00:01", "type", "veth", "peer", "name", "v1"]);
      // no IPv6 on v1: the order of two links' fe80::/64 routes depends on when each came up
      // and no link-local address on v0 (its local route appears a moment after the link is up)
      ipOk(["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.v1.disable_ipv6=1", "net.ipv6.conf.v0.addr_gen_mode=1"]);
      ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
    }
    for (const line of ADDS) {
      ipOk(["-n", a.name, ...line.split(" ")]);
      const r = await cli(["-n", b.name, ...line.split(" ")]);
      expect({ line, code: r.code, err: r.stderr }).toEqual({ line, code: 0, err: "" });
    }
  });
  afterAll(() => {
    a?.remove();
    b?.remove();
  });
  it("ip lists both namespaces alike (the adds made the same routes)", () => {
    for (const s of ["route show table all", "-6 route show table all", "-d -j route show table all"]) {
      const w = s.split(" ");
      expect(ipOk(["-n", b.name, ...w]), s).toBe(ipOk(["-n", a.name, ...w]));
    }
    expect(ipOk(["-n", a.name, "route"])).toContain(" encap ip id 1 src 0.0.0.0 dst 192.0.2.9 ttl 3 tos 0 key ");
  });
  it.each(SHOWS)("%s", async (s) => {
    const w = s.split(" ");
    const want = ip(["-n", a.name, ...w]);
    const got = await cli(["-n", b.name, ...w]);
    expect({ code: got.code, out: got.stdout, err: got.stderr }).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
  });
});
