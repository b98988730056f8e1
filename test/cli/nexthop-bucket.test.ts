/**
 * `ip nexthop bucket` and `ip nexthop add ... encap` against ip 6.1 (root,
 * throwaway namespaces), as the kernel selftest fib_nexthops.sh uses them:
 * - every `nexthop bucket` form fib_nexthops.sh runs, and their refusals,
 *   print what ip prints (stdout, stderr, status; -j, -p, -4/-6, -d), with
 *   the idle times masked (they grow between the two reads);
 * - NexthopApi.buckets/bucket read back what `ip -j nexthop bucket` lists;
 * - nexthops with `encap ip|ip6` made by ip in one namespace and by
 *   bun-netlink in its twin are listed alike by both tools (ip prints the
 *   encap before the gateway, after two spaces);
 * - `encap mpls` words (labels, ttl) are parsed as ip parses them: its
 *   refusals, and the kernel's (no MPLS tunnels here, or `fdb` with encap),
 *   give ip's messages and status for routes and nexthops.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openConnection } from "../../lib/conn/open.ts";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const maskIdle = (s: string): string => s.replace(/("idle_time": ?|idle_time )[0-9.e+-]+/g, "$1X");

/** Two veth pairs up, 192.0.2.1/24 and 2001:db8::1/64 on veth1. */
function links(n: TempNetns): void {
  ipOk(["-n", n.name, "-batch", "-"], [
    "link add veth1 type veth peer name veth2", "link add veth3 type veth peer name veth4",
    "link set veth1 up", "link set veth2 up", "link set veth3 up", "link set veth4 up",
    "addr add 192.0.2.1/24 dev veth1", "addr add 2001:db8::1/64 dev veth1 nodad",
  ].join("\n") + "\n");
}

describeKernel("ip nexthop bucket and nexthop encap, as ip 6.1", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    links(ns);
    ipOk(["-n", ns.name, "-batch", "-"], [
      "nexthop add id 1 dev veth1", "nexthop add id 2 dev veth3",
      "nexthop add id 101 group 1/2 type resilient buckets 4 idle_timer 1 unbalanced_timer 3",
      "nexthop add id 201 group 1/2",
      "nexthop add id 4294967295 group 1/2 type resilient buckets 2",
    ].join("\n") + "\n");
  });
  afterAll(() => {
    ns?.remove();
  });

  const FORMS = [
    "", "list", "show", "lst", "l", "list id 101", "list id 0", "list dev veth1", "list master veth1", "list nhid 2", "list dev veth1 nhid 1 id 101",
    "get id 101 index 0", "get id 101 index 3", "get id 101 index 0x2", "get id 4294967295 index 1",
    // refusals: the kernel's (exit 2) and ip's own (exit 255)
    "list id 111", "list id 201", "get id 101 index 999", "get id 201 index 0", "get id 999 index 0", "get id 101 index 70000",
    "list dev bla", "list groups", "list fdb", "list id x", "list nhid", "list id", "list vrf x", "get id 101", "get index 2",
    "get id 101 index 0 x", "foo", "help", "list help",
  ];
  for (const form of FORMS) {
    it(`nexthop bucket ${form}`, async () => {
      for (const opts of [[], ["-j"], ["-j", "-p"], ["-4"], ["-6"], ["-d"]]) {
        const args = ["-n", ns.name, ...opts, "nexthop", "bucket", ...form.split(" ").filter(Boolean)];
        const theirs = ip(args);
        const ours = await cli(args);
        expect({ args: args.join(" "), code: ours.code, out: maskIdle(ours.stdout), err: ours.stderr })
          .toEqual({ args: args.join(" "), code: theirs.code, out: maskIdle(theirs.stdout), err: theirs.stderr });
      }
    });
  }

  it("NexthopApi.buckets and bucket read what ip -j lists", () => {
    using conn = openConnection({ netns: ns.name });
    const api = new NexthopApi(conn);
    const strip = (b: { idleTime?: number }) => ({ ...b, idleTime: typeof b.idleTime });
    const theirs = (args: string[]) =>
      (JSON.parse(ipOk(["-n", ns.name, "-j", "nexthop", "bucket", ...args])) as Array<{ id: number; bucket: { index: number; idle_time: number; nhid: number }; flags: string[] }>)
        .map((b) => ({ id: b.id, index: b.bucket.index, idleTime: typeof b.bucket.idle_time, nhid: b.bucket.nhid, flags: b.flags }));
    expect(api.buckets().map(strip)).toEqual(theirs([]));
    expect(api.buckets({ id: 101, nhid: 2 }).map(strip)).toEqual(theirs(["list", "id", "101", "nhid", "2"]));
    expect(api.buckets({ dev: "veth1" }).map(strip)).toEqual(theirs(["list", "dev", "veth1"]));
    expect([strip(api.bucket(101, 3))]).toEqual(theirs(["get", "id", "101", "index", "3"]));
    expect(() => api.bucket(201, 0)).toThrow(/not of type resilient/);
  });

  it("nexthops with encap ip|ip6 made by either tool are listed alike", async () => {
    using mine = tempNetns();
    using twin = tempNetns();
    links(mine);
    links(twin);
    const adds = [
      "nexthop add id 21 encap ip id 5 dst 192.0.2.9 ttl 3 key via 192.0.2.2 dev veth1",
      "nexthop add id 22 encap ip6 id 7 dst 2001:db8::9 hoplimit 2 csum via 2001:db8::2 dev veth1",
      "nexthop add id 23 via 192.0.2.3 encap ip dst 192.0.2.10 tos 0x10 seq dev veth1",
    ];
    for (const line of adds) {
      ipOk(["-n", mine.name, ...line.split(" ")]);
      const r = await cli(["-n", twin.name, ...line.split(" ")]);
      expect({ line, code: r.code, err: r.stderr }).toEqual({ line, code: 0, err: "" });
    }
    for (const opts of [[], ["-j"], ["-d"], ["-j", "-p"]]) {
      const show = [...opts, "nexthop", "show"];
      const want = ip(["-n", mine.name, ...show]);
      const got = await cli(["-n", twin.name, ...show]);
      expect({ show: show.join(" "), code: got.code, out: got.stdout, err: got.stderr }).toEqual({ show: show.join(" "), code: want.code, out: want.stdout, err: want.stderr });
      expect(ipOk(["-n", twin.name, ...show])).toBe(want.stdout);
    }
    expect(ipOk(["-n", mine.name, "nexthop"])).toContain("id 21  encap ip id 5 src 0.0.0.0 dst 192.0.2.9 ttl 3 tos 0 key via 192.0.2.2 dev veth1 ");
  });

  it("encap mpls words: ip's refusals and the kernel's, for routes and nexthops", async () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join("/");
    const ENCAPS = [
      "encap mpls 100/200 via 192.0.2.2", "encap mpls 100 ttl 5 via 192.0.2.2", "encap mpls 0x10/010 via 192.0.2.2", "encap mpls -0 via 192.0.2.2",
      `encap mpls ${labels(64)} via 192.0.2.2`, `encap mpls ${labels(65)} via 192.0.2.2`,
      "encap mpls 1x via 192.0.2.2", "encap mpls 1048576 via 192.0.2.2", "encap mpls -1 via 192.0.2.2", "encap mpls 1/ via 192.0.2.2", "encap mpls /1 via 192.0.2.2",
      "encap mpls 100 ttl 5 ttl 6 via 192.0.2.2", "encap mpls 100 ttl 300 via 192.0.2.2", "encap mpls 100", "encap mpls", "encap mpls 100 ttl",
    ];
    const PREFIXES = ["nexthop add id 17", "nexthop add id 18 via 192.0.2.3 dev veth1", "route add 198.51.100.0/24"];
    for (const e of ENCAPS) {
      for (const p of PREFIXES) {
        if (p.startsWith("route") && e.includes(labels(64))) continue; // RouteApi checks the kernel's 30-label limit first
        const args = ["-n", ns.name, ...p.split(" "), ...e.split(" ")];
        const theirs = ip(args);
        const ours = await cli(args);
        expect({ args: args.join(" "), code: ours.code, err: ours.stderr }).toEqual({ args: args.join(" "), code: theirs.code, err: theirs.stderr });
      }
    }
    // fib_nexthops.sh: "Fdb Nexthop with encap" must be the kernel's refusal (exit 2)
    const fdb = ["-n", ns.name, "nexthop", "add", "id", "17", "encap", "mpls", "101", "via", "192.0.2.2", "dev", "veth1", "fdb"];
    const theirs = ip(fdb);
    expect(theirs.code).toBe(2);
    expect(await cli(fdb)).toEqual({ code: 2, stdout: "", stderr: theirs.stderr });
  });
});
