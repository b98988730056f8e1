/**
 * Differential sweep (root) of ip 6.1's address and link selectors
 * (ipaddr_list_flush_or_save's grammar, print_addrinfo's address filters,
 * print_linkinfo's link filters): `addr show`, `link show`, `addr flush`
 * and `addr save|showdump|restore` with dev, scope, to, label, up, the flag
 * words (and their "-" forms), type, master, nomaster, vrf, group, under
 * -4/-6/-0, -j, -br, -o, -d, -s. One namespace (veth pairs, one end a
 * bridge port, an ifb, labels, scopes, noprefixroute, secondaries,
 * deprecated, home, mngtmpaddr, tentative and, when DAD answers in time,
 * dadfailed addresses, counters of 7 digits and otherhost drops for -s and
 * -human) for the read-only lines; twin namespaces for flush
 * and restore. ip's output is read at test time, lifetimes and timers masked.
 */
import { expect, it } from "vitest";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { expectSameLines, jsonState, withTwins } from "./batch-twins.ts";
import { cli, expectSame, ipOk, noDad } from "./helpers.ts";

const SETUP = [
  // fixed MACs: the twins' link-local addresses (and so their saved streams and -s -s lines) agree
  "link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11",
  "link add v2 address 02:00:00:00:00:12 type veth peer name v3 address 02:00:00:00:00:13",
  "link add br0 address 02:00:00:00:00:20 type bridge", "link add if0 address 02:00:00:00:00:30 type ifb",
  "link set v2 master br0", "link set lo up", "link set v0 up", "link set v1 up", "link set v2 up", "link set br0 up", "link set v3 group 5",
  "addr add 192.0.2.1/24 brd + dev v0", "addr add 192.0.2.2/24 dev v0 label v0:1", "addr add 192.0.2.3/24 dev v0 label v0:2 noprefixroute",
  "addr add 198.51.100.1/24 dev v0 scope link label v0:lk", "addr add 203.0.113.1/32 dev v0 scope host",
  "addr add 203.0.113.9/24 dev v0 scope 100 valid_lft 10000 preferred_lft 0", "addr add 198.51.100.5/24 dev br0 label br0:x",
  "addr add 192.0.2.100/24 dev v1 metric 7", "addr add 203.0.113.50/24 dev v3", "addr add 203.0.113.60/24 dev if0", "addr add 192.0.2.200/24 dev v2",
  "addr add 2001:db8:1::1/64 dev v0 nodad", "addr add 2001:db8:1::2/64 dev v0 nodad noprefixroute", "addr add 2001:db8:1::3/64 dev v0 nodad home",
  "addr add 2001:db8:1::4/64 dev v0 nodad mngtmpaddr", "addr add 2001:db8:1::5/64 dev v0 nodad valid_lft 20000 preferred_lft 0",
  "addr add 2001:db8:2::1/64 dev br0 nodad", "addr add 2001:db8:3::1/64 dev v1 nodad", "addr add 2001:db8:5::1/64 dev v3",
  "addr add 2001:db8:8::1/64 dev v2 nodad",
].join("\n") + "\n";

/** Address selectors of `addr show` (each alone, then under the output options). */
const ADDR_SELECTORS = [
  "", "dev v0", "v0", "dev v0:1", "dev v2", "dev if0", "scope global", "scope link", "scope host", "scope 100", "scope all",
  "to 192.0.2.0/24", "to 192.0.2.2", "to 2001:db8:1::/64", "to 2001:db8::/32 scope global", "to default", "label v0:*", "label v0:?",
  "label v[01]", "label v0", "label ''", "up", "dynamic", "permanent", "-permanent", "-dynamic", "tentative", "-tentative", "deprecated",
  "-deprecated", "dadfailed", "-dadfailed", "temporary", "secondary", "-secondary", "primary", "-primary", "home", "nodad", "-nodad",
  "mngtmpaddr", "noprefixroute", "autojoin", "optimistic", "stable-privacy", "type veth", "type bridge", "type bridge_slave", "type _slave",
  "type ifb", "type nosuch", "master br0", "nomaster", "group 5", "group default", "dev v2 nomaster", "dev v0 type bridge", "up label v*",
  // words ip 6.1 does not take as flags: device names
  "0x80", "0", "-", "-bogus", "constructor",
  // refusals
  "vrf br0", "vrf nosuch", "master nosuch", "group bogus", "scope bogus", "to bogus", "to 192.0.2.0/33", "dev v0 dev v1", "dev nosuch",
  "to", "label", "help",
];
const OPTIONS = ["", "-4", "-6", "-0", "-j", "-br", "-o", "-s", "-d", "-4 -br", "-6 -o", "-j -4", "-j -6", "-br -0", "-o -0", "-j -0", "-br -s"];
const LINK_LINES = [
  "link show", "link show up", "link show type veth", "link show type bridge", "link show type bridge_slave", "link show type _slave",
  "link show master br0", "link show nomaster", "link show vrf br0", "link show group 5", "link show group default", "link show dev v0 group 5",
  "link show dev v3 group 5", "link show dev v2 nomaster", "link show dev v0 type bridge", "link show dev v3 up", "link show label v0",
  "-j link show nomaster", "-j link show label v0", "-br link show master br0", "-br link show label v0", "-o link show type veth",
  "-4 link show type veth", "-6 link show type veth", "-j link show group 5", "-s link show dev lo", "-br -s link show dev lo",
  "-s link show dev v0", "-s -s link show dev v1", "-s -s -o link show dev v1", "-s -s -j link show dev v1", "-s -s addr show dev v1",
  "-h -s link show dev v1", "-h -iec -s -s link show dev v0", "-h -s addr show dev v1", "-h -j -s link show dev v1",
  // an AF_INET6 link dump has no IFLA_STATS64: ip shows the IPv6 counters of IFLA_PROTINFO
  "-6 -s addr show", "-6 -s -s -j addr show", "-6 -s addr show dev v1",
];

const words = (line: string): string[] => (line.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, "$1"));

/** `ip` / ours with stdin bytes, stdout as bytes (ip save writes binary). */
function ipBytes(args: string[], stdin?: Uint8Array): { code: number; out: Uint8Array; err: string } {
  const r = Bun.spawnSync({ cmd: ["ip", ...args], stdin: stdin ?? "ignore", stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: new Uint8Array(r.stdout), err: r.stderr.toString() };
}

/** A saved address stream with each message's seq/pid and IFA_CACHEINFO zeroed (they differ between two dumps). */
function maskSaved(b: Uint8Array): number[] {
  const out = [...b];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 4; o + 16 <= b.length; o += (dv.getUint32(o, true) + 3) & ~3) {
    const len = dv.getUint32(o, true);
    out.fill(0, o + 8, o + 16);
    for (let p = o + 24; p + 4 <= o + len; ) {
      const alen = dv.getUint16(p, true);
      if (alen < 4) break;
      if (dv.getUint16(p + 2, true) === 6) out.fill(0, p + 4, p + alen);
      p += (alen + 3) & ~3;
    }
    if (len < 16) break;
  }
  return out;
}

/** Addresses as `ip -j` lists them, without link-local ones (random MACs in twins). */
const state = (ns: string) => JSON.stringify(jsonState(ns));

describeKernel("address and link selectors against ip 6.1", () => {
  it("addr show / link show: every selector under -4/-6/-0/-j/-br/-o/-s/-d", async () => {
    using ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], SETUP);
    // tentative: DAD on for the down v3 and the carrier-less br0; dadfailed: v1 probes an address v0 holds
    ipOk(["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.v1.accept_dad=1", "net.ipv6.conf.v3.accept_dad=1", "net.ipv6.conf.br0.accept_dad=1"]);
    ipOk(["-n", ns.name, "-batch", "-"], "addr add 2001:db8:1::1/64 dev v1\naddr add 2001:db8:6::1/64 dev br0\naddr add 2001:db8:7::1/64 dev v3\n");
    for (let i = 0; i < 40 && !ipOk(["-n", ns.name, "-6", "addr", "show", "dev", "v1", "dadfailed"]); i++) await Bun.sleep(100);
    // 1.4 MB from v0 to a MAC v1 does not own: 7-digit byte counters and v1's otherhost drops (the -s columns, -human)
    ipOk(["-n", ns.name, "neigh", "add", "192.0.2.77", "lladdr", "02:00:00:00:00:99", "dev", "v0"]);
    const send = 'const s = await Bun.udpSocket({}); for (let i = 0; i < 1000; i++) s.send(new Uint8Array(1400), 9, "192.0.2.77"); s.close();';
    ipOk(["netns", "exec", ns.name, process.execPath, "-e", send]);
    const lines = [...ADDR_SELECTORS.map((s) => `addr show ${s}`)];
    // under the options: the selectors up to the refusals, but the "-FLAG" forms (tried alone above)
    const underOptions = ADDR_SELECTORS.slice(0, ADDR_SELECTORS.indexOf("0x80")).filter((w) => !/^-[a-z]/.test(w));
    for (const o of OPTIONS.slice(1)) for (const s of underOptions) lines.push(`${o} addr show ${s}`);
    for (const line of [...lines, ...LINK_LINES]) await expectSame(["-n", ns.name, ...words(line)], line);
  }, 60_000);

  it("addr flush: the selectors, -s / -s -s reports, refusals; the addresses left", async () => {
    const groups = [
      ["addr flush", "-0 addr flush dev v0", "-s addr flush dev v0 scope 7", "-s addr flush dev nosuch", "-s addr flush vrf br0", "-s addr flush 0x80",
        "-s addr flush to bogus", "-s addr flush up", "-s addr flush"],
      ["-s addr flush dev v0 primary", "-s addr flush label br0*", "-s -s addr flush -6 dev v0 home", "-s addr flush deprecated", "-s addr flush noprefixroute",
        "-s addr flush scope host", "-s addr flush master br0 dev v3", "-s addr flush to 192.0.2.0/24 secondary", "-s -s -4 addr flush scope global", "-br -s -s addr flush dev v2 scope global"],
      ["-s addr flush label v0:*", "-s addr flush scope link dev v0", "-s addr flush dynamic", "-s addr flush -nodad -6 scope global",
        "-j -s addr flush type bridge", "-s addr flush nomaster"],
      // -loops: the round limit, a failure when reached (exit 255) unless primary ended the flush first
      ["-l 1 -s addr flush dev v0 primary", "-l 1 -s addr flush dev v1", "-l 1 addr flush dev br0 scope 9", "-loops 0 -s addr flush dev v3"],
    ];
    for (const g of groups) await withTwins(SETUP, (a, b) => expectSameLines(a, b, g.map(words), state));
  }, 60_000);

  it("addr save (bytes), showdump and restore", async () => {
    await withTwins(SETUP, async (a, b) => {
      for (const args of [[], ["dev", "v0"], ["-4"], ["-6", "dev", "v0"], ["scope", "link", "label", "x"], ["-0"]]) {
        const fam = args.filter((w) => /^-[046]$/.test(w));
        const rest = args.filter((w) => !/^-[046]$/.test(w));
        const want = ipBytes(["-n", a, ...fam, "addr", "save", ...rest]);
        const got = await cli(["-n", b, ...fam, "addr", "save", ...rest]);
        const gotBytes = new Uint8Array(Buffer.from(got.stdout, "latin1"));
        expect({ code: got.code, err: got.stderr, out: maskSaved(gotBytes) }, args.join(" ")).toEqual({ code: want.code, err: want.err, out: maskSaved(want.out) });
      }
      for (const bad of [["dev", "nosuch"], ["scope", "bogus"], ["to", "bogus"]]) {
        const want = ipBytes(["-n", a, "addr", "save", ...bad]);
        const got = await cli(["-n", b, "addr", "save", ...bad]);
        expect({ code: got.code, err: got.stderr, out: got.stdout }, bad.join(" ")).toEqual({ code: want.code, err: want.err, out: "" });
      }
      const saved = ipBytes(["-n", a, "addr", "save"]).out;
      const latin1 = Buffer.from(saved).toString("latin1");
      for (const opt of [[], ["-j"], ["-br"]]) {
        const want = ipBytes([...opt, "addr", "showdump"], saved);
        const got = await cli([...opt, "addr", "showdump"], latin1);
        expect({ code: got.code, out: got.stdout, err: got.stderr }, `showdump ${opt.join(" ")}`).toEqual({ code: want.code, out: Buffer.from(want.out).toString(), err: want.err });
      }
      for (const input of ["junk", latin1.slice(0, 30)]) {
        const want = ipBytes(["addr", "showdump"], new Uint8Array(Buffer.from(input, "latin1")));
        const got = await cli(["addr", "showdump"], input);
        expect({ code: got.code, err: got.stderr }).toEqual({ code: want.code, err: want.err });
      }
      ipOk(["-n", a, "addr", "flush", "dev", "v0"]);
      ipOk(["-n", b, "addr", "flush", "dev", "v0"]);
      const want = ipBytes(["-n", a, "addr", "restore"], saved);
      const got = await cli(["-n", b, "addr", "restore"], latin1);
      expect({ code: got.code, err: got.stderr, out: got.stdout }).toEqual({ code: want.code, err: want.err, out: "" });
      expect(state(b)).toBe(state(a));
    });
  }, 60_000);
});
