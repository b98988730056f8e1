/**
 * `-color` against ip 6.1 (and tc 6.1): the same coloured bytes, stderr and
 * status for the listings whose iproute2 code calls print_color_* (links,
 * addresses, -br, routes v4/v6, nexthops, neighbours, rules, maddr, token,
 * tuntap, addrlabel, netconf, ntable, tc qdisc), with -color / =always / =never / =auto (our stdout is
 * no terminal here, nor ip's pipe: no colour), COLORFGBG naming a dark
 * background, -json (never coloured), -batch, and =auto on a real terminal
 * (script(1) gives both a pty). Parsing and the palette are checked without
 * root.
 */
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../cli/options.ts";
import { memoryIo } from "../../cli/io.ts";
import { tcMain } from "../../cli/tc/main.ts";
import { colorSchemeFromEnv, COLOR, Printer } from "../../lib/format/printer.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, noDad } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up", "link add d0 type bridge",
  "addr add 192.0.2.1/24 brd + dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "addr add 198.51.100.1 peer 198.51.100.2/32 dev v1",
  "route add 203.0.113.0/24 via 192.0.2.2 dev v0 src 192.0.2.1 metric 5", "route add default via 192.0.2.254 dev v0",
  "route add 198.51.100.128/25 nexthop via 192.0.2.3 dev v0 nexthop via 192.0.2.4 dev v0 weight 3",
  "route add 2001:db8:5::/48 via 2001:db8::2 dev v0", "route add 2001:db8:6::/48 nexthop via 2001:db8::3 dev v0 nexthop via 2001:db8::4 dev v0",
  "route add 203.0.113.128/25 via inet6 2001:db8::7 dev v0", "route add multicast 239.1.1.0/24 dev v0 table 5",
  "nexthop add id 5 via 192.0.2.2 dev v0", "nexthop add id 6 via 2001:db8::2 dev v0",
  "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0", "neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev v0 router",
  "neigh add proxy 192.0.2.77 dev v0", "rule add from 192.0.2.0/24 to 198.51.100.0/24 iif v0 oif v1 table 100",
  "token set ::1:2 dev v0", "tuntap add dev tq0 mode tap", "addrlabel add prefix 2001:db8:7::/64 dev v0 label 99",
];

const COMMANDS = [
  "link", "-br link", "-br -0 addr", "-o link", "-d link show dev v0", "addr", "-br addr", "-4 -br addr", "-o addr", "addr show dev v1",
  "route", "-6 route", "route show table all", "-d route", "-o route", "route get 203.0.113.5", "-6 route get 2001:db8:5::1",
  "nexthop", "neigh", "-br neigh", "-s neigh", "neigh show dev v0", "neigh show proxy", "rule", "-6 rule",
  "maddr", "-6 maddr", "maddr show dev v0", "token", "tuntap show", "-j link", "-j -p addr", "-j route",
  "addrlabel", "netconf", "-4 netconf show dev v0", "-j -6 netconf show dev v0", "ntable show dev v0",
];

const OPTIONS = ["-c", "-color", "-color=always", "-co=never", "-c=auto", "-c="];

/** `-s neigh`'s "used A/B/C" ages in seconds tick between ip's run and ours: compared as ages, not values. */
const ages = (s: string) => s.replace(/used \d+\/\d+\/\d+/g, "used N/N/N").replace(/"(used|confirmed|updated)":\d+/g, '"$1":N');
const same = (want: { code: number; stdout: string; stderr: string }, got: { code: number; stdout: string; stderr: string }, what: string) =>
  expect({ code: got.code, stdout: ages(got.stdout), stderr: got.stderr }, what).toEqual({ code: want.code, stdout: ages(want.stdout), stderr: want.stderr });

describe("-color: parsing and palette", () => {
  it("parses ip's forms and refuses what ip calls unknown", () => {
    const color = (w: string) => {
      const r = parseOptions([w, "link"]);
      return "exit" in r ? (r.exit === "version" ? "version" : r.exit.message) : r.opts.color;
    };
    expect(["-c", "-color", "-c=", "-col=always", "-color=auto", "-c=never"].map(color)).toEqual(["always", "always", "always", "always", "auto", "never"]);
    expect(color("-color=foo")).toBe('Option "-color=foo" is unknown, try "ip -help".\n');
    expect(color("-colour")).toBe('Option "-colour" is unknown, try "ip -help".\n');
    expect(color("-col=Always")).toBe('Option "-col=Always" is unknown, try "ip -help".\n');
    expect((parseOptions(["link"]) as { opts: { color: string } }).opts.color).toBe("never");
  });

  it("COLORFGBG: a last field of 0-6 or 8 is a dark background", () => {
    expect(["15;0", "0;8", "15;default;0", "7;6"].map(colorSchemeFromEnv)).toEqual(["dark", "dark", "dark", "dark"]);
    expect([undefined, "0", "15;7", "15;15", "15;", "0;10", "15;default"].map(colorSchemeFromEnv)).toEqual(Array(7).fill("light"));
  });

  it("colours the whole text template, never JSON", () => {
    const p = new Printer({ json: false, pretty: false, oneline: false, color: "light" });
    p.str("dst", "%s ", "192.0.2.0/24", COLOR.INET);
    p.text("up", COLOR.OPERSTATE_UP);
    p.text("x", COLOR.NONE);
    expect(p.take()).toBe("\x1b[35m192.0.2.0/24 \x1b[0m\x1b[32mup\x1b[0mx");
    const d = new Printer({ json: false, pretty: false, oneline: false, color: "dark" });
    d.str("ifname", "%s: ", "v0", COLOR.IFNAME);
    expect(d.take()).toBe("\x1b[1;36mv0: \x1b[0m");
    const j = new Printer({ json: true, pretty: false, oneline: false, color: "light" });
    j.obj();
    j.str("ifname", "%s", "v0", COLOR.IFNAME);
    j.endObj();
    expect(j.take()).toBe('{"ifname":"v0"}');
  });
});

describeKernel("-color: the same coloured output as ip 6.1", () => {
  it("every listing with every form of the option, and COLORFGBG", async () => {
    const ns = tempNetns();
    try {
      noDad(ns.name);
      ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
      ipOk(["-n", ns.name, "-6", "rule", "add", "from", "2001:db8::/32", "iif", "v1", "table", "101"]);
      for (const line of COMMANDS) {
        for (const opt of OPTIONS) {
          const args = ["-n", ns.name, opt, ...line.split(" ")];
          same(ip(args), await cli(args), `${opt} ${line}`);
        }
      }
      const saved = process.env["COLORFGBG"];
      process.env["COLORFGBG"] = "15;0";
      try {
        for (const line of COMMANDS) {
          const args = ["-n", ns.name, "-c", ...line.split(" ")];
          const r = Bun.spawnSync({ cmd: ["ip", ...args], env: { ...process.env }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
          const want = { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
          expect(want.stdout.includes("\x1b[1;3") || line.includes("-j"), line).toBe(true);
          same(want, await cli(args), `COLORFGBG=15;0 -c ${line}`);
        }
      } finally {
        if (saved === undefined) delete process.env["COLORFGBG"];
        else process.env["COLORFGBG"] = saved;
      }
      const batch = "addr show dev v0\nroute\nneigh\nlink show dev v1\nroute show table all\n";
      same(ip(["-n", ns.name, "-c", "-batch", "-"], batch), await cli(["-n", ns.name, "-c", "-batch", "-"], batch), "-c -batch");
      for (const bad of ["-color=foo", "-colour", "-c=ALWAYS"]) same(ip([bad, "link"]), await cli([bad, "link"]), bad);
      // tc colours print_devname alone: qdisc (and filter) listings
      ipOk(["netns", "exec", ns.name, "tc", "qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"]);
      for (const opt of ["-color", "-col=never", "-color=auto", "-color=foo"]) {
        const want = ip(["netns", "exec", ns.name, "tc", opt, "qdisc"]);
        const io = memoryIo();
        const code = await tcMain(["-n", ns.name, opt, "qdisc"], io);
        same(want, { code, stdout: io.stdout, stderr: io.stderr }, `tc ${opt} qdisc`);
      }
    } finally {
      ns.remove();
    }
  }, 120_000);

  it("-color=auto colours on a terminal (script(1) gives both a pty)", () => {
    if (Bun.which("script") === null) return; // util-linux's script: the only pty maker assumed
    const ns = tempNetns();
    try {
      ipOk(["-n", ns.name, "-batch", "-"], "link add v0 type veth peer name v1\nlink set v0 up\naddr add 192.0.2.1/24 dev v0\n");
      const tty = (cmd: string) =>
        Bun.spawnSync({ cmd: ["script", "-qec", cmd, "/dev/null"], stdin: "ignore", stdout: "pipe", stderr: "pipe" }).stdout.toString();
      const bin = `${process.execPath} ${new URL("../../cli/bun-netlink", import.meta.url).pathname}`;
      for (const line of ["-c=auto -br addr", "-c=auto route", "-c=never -br link"]) {
        const want = tty(`ip -n ${ns.name} ${line}`);
        expect(want.includes("\x1b[") === line.includes("auto"), line).toBe(true);
        expect(tty(`${bin} -n ${ns.name} ${line}`), line).toBe(want);
      }
    } finally {
      ns.remove();
    }
  }, 60_000);
});
