/**
 * `ip stats` and `ip link xstats|afstats` against ip 6.1, in a throwaway namespace: veth v0/v1, v0 a port
 * of bridge br0, v2/v3 a second pair. ip and bun-netlink run the same
 * command line; stdout, stderr and exit status must be equal byte for byte.
 *
 * The bridge's forward delay is 0: the kernel arms a port's forward-delay
 * timer on every port that starts forwarding, even without STP, and `-d
 * link show` prints it counting down for 15 s, which no two reads agree on.
 *
 * Counters: a few datagrams over the bridge before the tests make them
 * non-zero (several digits wide, so ip's column sizing is exercised), with
 * IPv6 off in the namespace so nothing sends router solicitations or MLD
 * reports afterwards. Nothing is masked: ip runs before and after ours, and
 * should its two reads differ (a counter moved meanwhile) the comparison is
 * retried, up to three times.
 *
 * set: `l3_stats on|off` is decided by the kernel (this one records the
 * request for any device, the bridge and lo too); each such line runs in twin namespaces, ip in
 * one and ours in the other, then `ip -j stats show` of both must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, type RunResult } from "../cli/helpers.ts";
import { waitCarrierSettled } from "../helpers/carrier.ts";

const SHOW = [
  "stats", "stats show", "-j stats show", "-j -p stats show", "-s stats show", "-d stats show", "-s -s -j stats show", "-o stats show",
  "stats show dev v0", "stats show dev br0", "-j stats show dev v0", "-j -p stats show dev br0", "-s stats show dev v1",
  "stats show group link", "-j stats show group link", "stats show group offload", "-j stats show group offload",
  "stats show group offload subgroup l3_stats", "-j stats show group offload subgroup l3_stats", "stats show group offload subgroup cpu_hit",
  "stats show group offload subgroup hw_stats_info", "-j -p stats show group offload subgroup hw_stats_info dev v0",
  "stats show group xstats", "stats show group xstats_slave", "-j stats show group xstats subgroup bridge",
  "stats show group xstats_slave subgroup bridge suite stp", "-j stats show group xstats_slave subgroup bridge suite mcast",
  "stats show group xstats subgroup bond", "stats show group afstats", "-j stats show group afstats subgroup mpls",
  "stats show group link group offload subgroup hw_stats_info group link", "stats show group xstats subgroup bridge subgroup bond",
  "stats show dev v0 group link group offload subgroup l3_stats", "stats show group link dev v2", "stats show group suite x",
  "stats help", "stats show help", "stats show group link help", "stats show foo", "stats show group", "stats show group foo",
  "stats show subgroup x", "stats show group link subgroup x", "stats show group offload subgroup cpu_hit suite x",
  "stats show group xstats subgroup bridge suite foo", "stats show dev nosuch", "stats show dev v0 dev v1", "stats show dev a/b",
  "stats show dev", "stats bogus", "stats set", "stats set dev v0", "stats set dev v0 l3_stats maybe",
  "stats set dev v0 l3_stats on l3_stats off", "stats set dev nosuch l3_stats on", "stats set foo", "stats set dev v0 help",
  "stats set dev v0 l3_stats", "-j stats show dev nosuch",
  // -human (-h) and -iec: counters of 1000 (1024) and more scaled as print_num does, columns not widened
  "-h stats show", "-h -iec stats show dev v1", "-j -h stats show dev lo group link", "-h -s -s link show dev v1", "-h link afstats",
];

/** `ip link xstats` and `ip link afstats` (no MPLS here: afstats lists nothing; `type bond` is left out, ip 6.1 aborts on it, see cli/link-xstats.ts). */
const LINK = [
  "link xstats", "link xstats help", "link xstats foo", "link xstats type", "link xstats type foo", "link xstats type veth",
  "link xstats type bridge", "link xstats type bridge_slave", "link xstats type bridge stp", "link xstats type bridge igmp dev br0",
  "link xstats type bridge dev nosuch", "link xstats type bridge bogus", "link xstats type bridge help", "link xstats type bond_slave help",
  "link xstats ty bridge", "link xstats help foo", "-j link xstats type bridge_slave", "-j -p link xstats type bridge",
  "link xstats type bridge_slave stp dev v0", "link xstats type bridge_slave dev v1", "link xstats type bridge dev", "-o link xstats type bridge",
  "link xs type bridge_slave mcast", "link afstats", "link afstats dev v0", "link afstats dev nosuch", "link afstats foo", "link afstats help",
  "-j link afstats", "link afstats dev v0 dev v1", "link afs", "link afstats dev",
];

/**
 * Batches (ip -batch -): `stats show` adds its -s (and -d's) to ip's global count, which stays for the
 * lines after it (a later `link show` prints statistics; a later `stats show` the error counters).
 */
const BATCHES: Array<[string, string]> = [
  ["-force -batch -", "stats show foo\nstats show dev v0 group link\n"],
  ["-batch -", "stats show dev v0 group link\nlink show dev v0\nstats show dev v0 group link\n"],
  ["-d -batch -", "stats show dev v0 group link\nlink show dev v0\n"],
  ["-j -batch -", "stats\nstats show group link dev v1\n"],
  ["-force -batch -", "stats set dev v0\nstats show dev v0 group link\n"],
  ["-force -batch -", "stats show dev nosuch\nlink xstats type bridge dev v0\nlink afstats dev nosuch\nstats\n"],
  ["-force -batch -", "link xstats type veth\nstats help\nstats bogus\nlink xstats\n"],
];

const SET = ["stats set dev v0 l3_stats on", "stats set dev v2 l3_stats off", "stats set dev br0 l3_stats on", "stats set dev lo l3_stats on", "stats set l3_stats on dev v3"];

const run = (ns: string, line: string): string[] => ["-n", ns, ...line.split(" ")];
const same = (r: RunResult) => ({ code: r.code, out: r.stdout, err: r.stderr });

function setup(ns: TempNetns): void {
  ipOk(["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
  for (const line of [
    "link add v0 type veth peer name v1", "link add v2 type veth peer name v3", "link add br0 type bridge forward_delay 0",
    "link set v0 master br0", "addr add 192.0.2.1/24 dev br0", "addr add 192.0.2.2/24 dev v1",
    "link set lo up", "link set v0 up", "link set v1 up", "link set br0 up",
  ]) ipOk(["-n", ns.name, ...line.split(" ")]);
}

/** Three 56-byte UDP datagrams to each address (a listener on 192.0.2.2 takes the loopback ones, so no ICMP error comes back), then a pause. */
const SEND_DATAGRAMS = `const r = await Bun.udpSocket({ hostname: "192.0.2.2", port: 7 });
const s = await Bun.udpSocket({});
for (const a of ["192.0.2.2", "192.0.2.9"]) for (let i = 0; i < 3; i++) s.send(new Uint8Array(600), 7, a);
await Bun.sleep(300);
s.close();
r.close();`;

/** The bytes `dev` has received, as `ip -j -s link` reports them. */
function rxBytes(ns: string, dev: string): number {
  const [link] = JSON.parse(ipOk(["-n", ns, "-j", "-s", "link", "show", "dev", dev])) as { stats64?: { rx?: { bytes?: number } } }[];
  return link?.stats64?.rx?.bytes ?? 0;
}

describeKernel("ip stats (ip 6.1 compatible)", () => {
  describe("show and errors", () => {
    let ns: TempNetns;
    beforeAll(() => {
      ns = tempNetns();
      setup(ns);
      // Datagrams over loopback (to 192.0.2.2, a local address), and out of br0 through v0
      // to v1 (192.0.2.9, a static neighbour: no ARP, no reply, no later traffic). Sent by this runtime inside
      // the namespace, so the test needs no ping (a fresh machine may lack iputils-ping).
      ipOk(["-n", ns.name, "neigh", "add", "192.0.2.9", "lladdr", "02:00:00:00:00:09", "dev", "br0"]);
      // Frames sent before v0's carrier reaches the bridge are dropped: wait for it, and send again until
      // v1 has counted at least 100 bytes and lo 1000 (thousands for -human to scale).
      waitCarrierSettled(ns.name);
      for (let i = 0; i < 20 && !(rxBytes(ns.name, "lo") >= 1000 && rxBytes(ns.name, "v1") >= 100); i++) {
        ipOk(["netns", "exec", ns.name, process.execPath, "-e", SEND_DATAGRAMS]);
      }
      ipOk(["-n", ns.name, "stats", "set", "dev", "v0", "l3_stats", "on"]);
    });
    afterAll(() => ns?.remove());

    it("the counters are not all zero (the column sizing and -human's scaling are exercised)", () => {
      expect(ipOk(["-n", ns.name, "stats", "show", "dev", "lo", "group", "link"])).toMatch(/ [1-9]\d{3,} /);
      expect(ipOk(["-n", ns.name, "-h", "stats", "show", "dev", "lo", "group", "link"])).toMatch(/ \d+(\.\d+)?k /);
      expect(ipOk(["-n", ns.name, "stats", "show", "dev", "v1", "group", "link"])).toMatch(/ [1-9]\d{2,} /);
    });

    /** ip before and after ours; retried when ip's two reads differ (a counter moved meanwhile). */
    async function expectSameAsIp(args: string[], input?: string): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        const before = ip(args, input);
        const got = await cli(args, input);
        const after = ip(args, input);
        if (JSON.stringify(same(before)) !== JSON.stringify(same(after)) && attempt < 3) continue;
        expect(same(got)).toEqual(same(before));
        return;
      }
    }

    for (const c of [...SHOW, ...LINK]) it(c, () => expectSameAsIp(run(ns.name, c)));
    for (const [opts, input] of BATCHES) it(`${opts}: ${JSON.stringify(input)}`, () => expectSameAsIp(run(ns.name, opts), input));
  });

  describe("set, in twin namespaces", () => {
    let theirs: TempNetns;
    let ours: TempNetns;
    beforeAll(() => {
      theirs = tempNetns();
      ours = tempNetns();
      setup(theirs);
      setup(ours);
    });
    afterAll(() => {
      theirs?.remove();
      ours?.remove();
    });

    for (const c of SET) {
      it(c, async () => {
        const a = ip(run(theirs.name, c));
        const b = await cli(run(ours.name, c));
        expect(same(b)).toEqual(same(a));
        const show = (n: string) => ipOk(["-n", n, "-j", "stats", "show", "group", "offload"]);
        expect(show(ours.name)).toBe(show(theirs.name));
      });
    }
  });
});
