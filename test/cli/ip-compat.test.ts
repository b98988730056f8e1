/**
 * bun-netlink against ip 6.1 for the gaps of issue 14 (root): help texts
 * byte for byte with ip's exit status, ip's matches() prefix rules for
 * commands and keywords, and requests ip leaves to the kernel (host bits,
 * nexthop combinations) refused by the kernel with ip's status 2 and the
 * kernel's extended ACK; route get ipproto names, route prepend, peer
 * address forms, neigh get. Every mutating case runs twice from the same
 * setup, once with ip in one namespace and once with bun-netlink in
 * another; the outputs, statuses and resulting states must be equal.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

/** Compare `bun-netlink ARGS` with `ip ARGS` exactly (no namespace state involved). */
async function same(args: string[]): Promise<void> {
  const want = ip(args);
  // the top-level usage names the program (cli/options.ts cliUsage); every object's text is ip's own
  if (args.length === 1 && args[0] === "help") want.stderr = want.stderr.replace(/^Usage: ip /, "Usage: bun-netlink ").replace(/^( {7})ip \[ -force \]/m, "$1bun-netlink [ -force ]");
  const got = await cli(args);
  expect({ code: got.code, out: got.stdout, err: got.stderr }, `ip ${args.join(" ")}`).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
}

const HELP = [
  "help", "address help", "addrlabel help", "route help", "route get help", "route add help", "rule help", "neigh help",
  "link help", "link add help", "link set help", "nexthop help", "nexthop add help", "netns help",
  "monitor help", "address add help", "rule add help", "link show help", "address show help", "neigh show help",
];

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
  "nexthop add id 1 via 192.0.2.2 dev v0", "nexthop add id 3 via 192.0.2.3 dev v0",
  "addr add dev v0 192.0.2.5/32 peer 192.0.2.6", "addr add dev v0 192.0.2.7 peer 192.0.2.8/32 metric 5",
  "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0", "neigh add proxy 192.0.2.33 dev v0",
  "neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev v0", "addrlabel add prefix 2001:db8:7::/48 label 70",
];

/** [command, state dumps compared afterwards] run on twin namespaces. */
const TWIN: Array<[string, string[]]> = [
  // keyword matching
  ["route ls", []], ["r ls", []], ["route lst", []], ["ro sh", []], ["nexthop ls group", []], ["nexthop ls d v0", []],
  ["nexthop ls groups fdb", []], ["route '' ", []], ["nexthop get", []], ["nexthop get id 77", []],
  // left to the kernel
  ["nexthop add id 2", ["nexthop"]], ["nexthop replace id 2 blackhole dev v0", ["nexthop"]],
  ["nexthop add id 5 group 1/1", ["nexthop"]], ["nexthop add id 5 group 1 dev v0", ["nexthop"]],
  ["nexthop add id 6 blackhole fdb", ["nexthop"]], ["nexthop add id 7 via 192.0.2.2 dev v0 fdb", ["nexthop"]],
  ["nexthop add id 8 dev nosuch", ["nexthop"]], ["nexthop add id 9 group 1,0", ["nexthop"]],
  ["nexthop add id 9 group 1,3/3 type resilient buckets 8 idle_timer 4", ["nexthop"]],
  ["nexthop add via 192.0.2.9 dev v0", ["nexthop"]], ["nexthop del id 3", ["nexthop"]], ["nexthop del id 33", ["nexthop"]],
  ["nexthop flush", ["nexthop"]], ["nexthop flush id 1", ["nexthop"]],
  ["-6 route add 2001:db8:90::/40 via 2001:db8::2", ["-6 route"]],
  ["route add 198.51.100.7/24 via 192.0.2.2", ["route"]],
  ["route prepend 198.51.100.0/24 via 192.0.2.2", ["route"]],
  // route combinations lib refuses and ip leaves to the kernel (RouteApi checks "kernel")
  ["route add 198.51.100.0/24 via 192.0.2.2 nexthop via 192.0.2.3 dev v0", ["route"]],
  ["route add 198.51.100.0/24 dev v0 nexthop via 192.0.2.3 dev v0", ["route"]],
  ["route add 198.51.100.0/24 nhid 1 via 192.0.2.2", ["route"]], ["route add 198.51.100.0/24 nhid 1 dev v0", ["route"]],
  ["route add 198.51.100.0/24 nhid 1 nexthop via 192.0.2.3", ["route"]], ["route add 198.51.100.0/24 nhid 1 encap ip dst 192.0.2.9", ["route"]],
  ["route add blackhole 198.51.100.0/24 via 192.0.2.2", ["route"]], ["route add unreachable 198.51.100.0/24 nexthop via 192.0.2.2", ["route"]],
  ["route add prohibit 198.51.100.0/24 nhid 1", ["route"]], ["route add throw 198.51.100.0/24 via 192.0.2.2", ["route"]],
  ["route add blackhole 198.51.100.0/24 dev v0", ["route"]], ["-6 route add blackhole 2001:db8:5::/64 dev v0", ["-6 route"]],
  ["route add 198.51.100.0/24 via 192.0.2.2 pref high", ["route"]], ["route add 198.51.100.0/24 dev v0 expires 5", ["route"]],
  ["route add 198.51.100.0/24 nexthop weight 2", ["route"]], ["route add 198.51.100.0/24 nhid 0", ["route"]],
  ["route add 198.51.100.0/24 via 192.0.2.2 table 0", ["route"]], ["route add local 198.51.100.1 dev v0 nexthop via 192.0.2.2", ["route"]],
  ["-6 route add 2001:db8:5::/64 dev v0 nhid 1", ["-6 route"]], ["route del 198.51.100.0/24 nhid 1 via 192.0.2.2", ["route"]],
  ["route append 198.51.100.0/24 via 192.0.2.2 nexthop via 192.0.2.3", ["route"]], ["route replace 198.51.100.0/24 nhid 1 dev v0", ["route"]],
  ["-6 route add 2001:db8:5::/64 via 2001:db8::2 nexthop via 2001:db8::3 dev v0", ["-6 route"]],
  // parse_nexthops / parse_one_nh: the rest of the line is nexthop groups; the kernel reads a path's first gateway
  ["route add 198.51.100.0/24 nexthop dev v0 nexthop", ["route"]], ["route add 198.51.100.0/24 nexthop via 192.0.2.2 metric 5", ["route"]],
  ["route add 198.51.100.0/24 nexthop via 192.0.2.2 nexthop dev nosuch", ["route"]],
  ["route add 198.51.100.0/24 nexthop via 192.0.2.2 weigh 2", ["route"]],
  ["-6 route add 2001:db8:5::/64 nexthop via 2001:db8::2 dev v0 via 2001:db8::3", ["-6 route"]],
  // keyword prefixes as ip's loops match them (iprule_modify: "t" is tun_id; iproute_modify: pref, rttvar)
  ["rule add t 100 pref 5", ["-d rule"]], ["rule add priority 6 t 0x10 lookup 100", ["-d rule"]],
  ["route add 198.51.100.0/24 dev v0 pre high", ["route"]], ["-6 route add 2001:db8:5::/64 dev v0 pre high", ["-6 route"]],
  ["route add 198.51.100.0/24 dev v0 rttv 40ms", ["route"]], ["route add 198.51.100.0/24 dev v0 rt 40", ["route"]],
  // ipproto names in route get
  ["route get 192.0.2.5 ipproto tcp", []], ["route get 192.0.2.5 ipproto udp sport 5 dport 6", []],
  ["-6 route get 2001:db8::5 ipproto ipv6-icmp", []], ["route get 192.0.2.5 ipproto icmp", []],
  ["route get 192.0.2.5 ipproto foo", []], ["route get 192.0.2.5 ipproto 300", []],
  // marks: ip prints those below 16 in decimal, the others in hex
  ["route get 192.0.2.5 mark 5", []], ["route get 192.0.2.5 mark 15", []], ["route get 192.0.2.5 mark 16", []],
  ["-j route get 192.0.2.5 mark 5", []], ["route get 192.0.2.5 mark 0x12345", []],
  // peer addresses: the prefix length comes from the peer; change and del with a peer
  ["addr add dev v0 198.51.100.1/32 peer 198.51.100.2 metric 261", ["-4 addr show dev v0", "route"]],
  ["addr add dev v0 198.51.100.3 peer 198.51.100.4/30", ["-4 addr show dev v0", "route"]],
  ["addr change dev v0 192.0.2.7/32 peer 192.0.2.8 metric 262", ["-4 addr show dev v0"]],
  ["addr del dev v0 192.0.2.5/32 peer 192.0.2.6", ["-4 addr show dev v0"]],
  ["addr del dev v0 192.0.2.5 peer 192.0.2.6", ["-4 addr show dev v0"]],
  ["addr del dev v0 192.0.2.5/32 peer 192.0.2.9", ["-4 addr show dev v0"]],
  // neigh get
  ["neigh get 192.0.2.9 dev v0", []], ["-j neigh get 192.0.2.9 dev v0", []], ["neigh get 192.0.2.19 dev v0", []],
  ["neigh get 192.0.2.9", []], ["neigh get", []], ["neigh get to 192.0.2.9 dev nope", []],
  ["neigh get proxy 192.0.2.33 dev v0", []], ["neigh get proxy 192.0.2.33", []], ["neigh get 192.0.2.9 192.0.2.10 dev v0", []],
  ["-6 neigh get 2001:db8::9 dev v0", []],
  // link set without a device
  ["link set up", []], ["link set mtu 1400", []],
  // carrier (fib_tests.sh's carrier group): veth has no ndo_change_carrier, so the kernel's EOPNOTSUPP; parse_on_off
  ["link set dev v0 carrier off", []], ["link set dev v0 carrier on mtu 1400", []],
  ["link set dev v0 carrier bad", []], ["link set dev v0 carrier", []], ["link set dev v0 carrier On", []],
  // addrlabel
  ["addrlabel", []], ["-j addrlabel show", []], ["addrlabel show x", []], ["addrlabel foo", []],
  ["addrlabel add prefix 2001:db8::/32 label 100", ["addrlabel"]], ["addrlabel add prefix 2001:db8:1::/48 dev v0 label 7", ["addrlabel"]],
  ["addrlabel add prefix 2001:db8:7::/48 label 70", ["addrlabel"]], ["addrlabel del prefix 2001:db8:7::/48 label 70", ["addrlabel"]],
  ["addrlabel add prefix 2001:db8::/32", ["addrlabel"]], ["addrlabel add label 3", ["addrlabel"]],
  ["addrlabel add prefix 192.0.2.0/24 label 3", ["addrlabel"]], ["addrlabel add prefix 2001:db8:2::/48 label 4294967295", ["addrlabel"]],
  ["addrlabel del prefix 2001:db8:5::/32 label 100", ["addrlabel"]], ["addrlabel flush", ["addrlabel"]], ["addrlabel flush x", ["addrlabel"]],
];

/** Split a command line as the shell would for these simple cases ('' is an empty word). */
function words(s: string): string[] {
  return s.trim() === "" ? [] : s.split(/ +/).filter((w) => w !== "").map((w) => (w === "''" ? "" : w));
}

describeKernel("CLI against ip 6.1: help texts", () => {
  it.each(HELP)("ip %s", async (c) => {
    await same(words(c));
  });
});

describeKernel("CLI against ip 6.1: twin namespaces", () => {
  let a: TempNetns;
  let b: TempNetns;
  const reset = (ns: TempNetns) => {
    // proxies outlive their link: removed first; failures (nothing to remove) do not matter here
    ip(["-n", ns.name, "-force", "-batch", "-"], "neigh del proxy 192.0.2.33 dev v0\nlink del v0\nnexthop flush\naddrlabel flush\nroute flush root 198.51.100.0/24\nroute del blackhole 2001:db8:5::/64\nroute del 2001:db8:5::/64\nrule del pref 5\nrule del pref 6\n");
    ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
  };
  beforeAll(() => {
    a = tempNetns();
    b = tempNetns();
    for (const ns of [a, b]) ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
  });
  afterAll(() => {
    a?.remove();
    b?.remove();
  });
  it.each(TWIN)("%s", async (cmd, state) => {
    reset(a);
    reset(b);
    const w = words(cmd);
    const want = ip(["-n", a.name, ...w]);
    const got = await cli(["-n", b.name, ...w]);
    expect({ code: got.code, out: got.stdout, err: got.stderr }, cmd).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
    for (const s of state) {
      const sw = words(s);
      // sorted: link-local routes appear in the order the links came up
      const read = (ns: TempNetns) => ipOk(["-n", ns.name, ...sw]).split("\n").sort().join("\n");
      expect(read(b), `state: ip ${s}`).toBe(read(a));
    }
  });
});
