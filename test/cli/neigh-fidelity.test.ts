/**
 * `ip neigh` against ip 6.1 (root, throwaway namespaces): addresses read
 * in the family ip was given (-0 / -f link: a link-layer address sent as
 * AF_PACKET for the kernel to refuse; -M, -B, -4 "default"/"any"; strtoul
 * IPv4 parts), lladdr as ll_addr_a2n reads it, `use` / `managed` /
 * repeated `protocol`, the show filters (master, nomaster, vrf, protocol,
 * nud, to PREFIX with get_prefix's errors), `get`, and flush's rounds and
 * messages. Status, stdout and stderr must agree, and so must the
 * neighbour tables afterwards. Dynamic states (which move on timers) are
 * compared as one token, `-s` ages as numbers, kernel-made multicast
 * entries left out.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { withTwins } from "./batch-twins.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const SETUP = [
  "link set lo up",
  "link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11",
  "link add br0 type bridge", "link add v2 address 02:00:00:00:00:12 type veth peer name v3 address 02:00:00:00:00:13",
  "link set v2 master br0", "link set v0 up", "link set v1 up", "link set br0 up", "link set v2 up", "link set v3 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "addr add 198.51.100.1/24 dev v1",
  "neigh add 192.0.2.10 lladdr 02:00:00:00:00:0a dev v0 nud permanent",
  "neigh add 192.0.2.11 lladdr 02:00:00:00:00:0b dev v0 nud stale",
  "neigh add 192.0.2.12 lladdr 02:00:00:00:00:0c dev v0 nud noarp",
  "neigh add 192.0.2.13 dev v0 nud none",
  "neigh add 2001:db8::10 lladdr 02:00:00:00:00:1a dev v0 nud permanent",
  "neigh add 2001:db8::11 lladdr 02:00:00:00:00:1b dev v0 nud stale router",
  "neigh add 2001:db8::12 lladdr 02:00:00:00:00:1c dev v0 nud noarp",
  "neigh add 198.51.100.10 lladdr 02:00:00:00:00:2a dev v1 nud permanent protocol static",
  "neigh add 198.51.100.11 lladdr 02:00:00:00:00:2b dev v1 nud stale extern_learn",
  "neigh add 203.0.113.5 lladdr 02:00:00:00:00:3a dev v2 nud permanent",
  "neigh add proxy 192.0.2.50 dev v0", "neigh add proxy 2001:db8::50 dev v0", "neigh add proxy 198.51.100.50 dev v1 protocol boot",
].join("\n") + "\n";

/** What timers change: dynamic NUD states as one token, -s ages as "N". */
const norm = (s: string) => s.replace(/\b(INCOMPLETE|REACHABLE|STALE|DELAY|PROBE|FAILED)\b/g, "DYN").replace(/used \d+\/\d+\/\d+/g, "used N").replace(/"(used|confirmed|updated)":\d+/g, '"$1":0');

/** Both tables, sorted (dump order follows per-namespace hashing), without the kernel's multicast entries. */
const state = (ns: string) => {
  const lines = (args: string[]) => norm(ipOk(["-n", ns, "neigh", "show", ...args])).split("\n").filter((l) => l && !/^(ff02::|224\.0\.0\.)/.test(l)).sort();
  return [...lines(["nud", "all"]), ...lines(["proxy"])].join("\n");
};

/** Each line through ip in `a` and ours in `b`: the same status, output (normalized, lines sorted when `sortOut`) and tables after. */
async function twinLines(a: string, b: string, cases: readonly string[][], sortOut = false): Promise<void> {
  const out = (s: string) => (sortOut ? norm(s).split("\n").sort().join("\n") : norm(s));
  for (const args of cases) {
    const want = ip(["-n", a, ...args]);
    const got = await cli(["-n", b, ...args]);
    const ctx = args.join(" ");
    expect({ code: got.code, stdout: out(got.stdout), stderr: got.stderr }, ctx).toEqual({ code: want.code, stdout: out(want.stdout), stderr: want.stderr });
    expect(state(b), ctx).toBe(state(a));
  }
}

/** Read-only lines run by ip and by us in the same namespace: the same status, output and errors. */
async function sameLines(ns: string, cases: readonly string[][]): Promise<void> {
  for (const args of cases) {
    const want = ip(["-n", ns, ...args]);
    const got = await cli(["-n", ns, ...args]);
    expect({ code: got.code, stdout: norm(got.stdout), stderr: got.stderr }, args.join(" ")).toEqual({ code: want.code, stdout: norm(want.stdout), stderr: want.stderr });
  }
}

const w = (line: string) => line.split(" ");

describeKernel("ip neigh against ip 6.1", () => {
  it("add/del/change/replace/get: -0, -M, -B and -4 addresses, lladdr, use, managed, protocol", async () => {
    const cases = [
      "-0 neigh add 192.0.2.9 lladdr 02:00:00:00:00:01 dev lo", "-0 neigh del 192.0.2.9 dev lo", "-0 neigh add 02:00:00:00:00:01 dev lo",
      "-f link neigh replace 1 dev v0", "-f link neigh change 0x1:2 dev v0", "-0 neigh add proxy 192.0.2.9 dev v0", "-0 neigh del proxy 192.0.2.50 dev v0",
      "-0 neigh add 02:zz dev lo", "-0 neigh add 02:00:zz dev lo", "-0 neigh add 1.2.3.4:5 dev lo", "-0 neigh add zz dev lo", "-0 neigh add default dev lo",
      "-0 neigh add any dev lo", "-0 neigh add 02:00 lladdr 1.2.3 dev lo", "-0 neigh add 02:00 lladdr zz dev nosuch", "-0 neigh add 02:00 lladdr 1.2.3.4 dev nosuch",
      "-0 neigh get 192.0.2.10 dev v0", "-0 neigh get proxy 192.0.2.50", "-0 neigh get 192.0.2.10", "-0 neigh get 02:zz dev v0",
      "-M neigh add 100 dev lo", "-M neigh add 100/200 dev lo", "-M neigh add default dev lo", "-M neigh add 2000000 dev lo", "-M neigh get 100 dev lo",
      "-B neigh add 192.0.2.9 dev lo", "-B neigh add default dev lo", "-4 neigh add any dev lo", "-4 neigh add default dev lo", "neigh add default dev lo",
      "-6 neigh add 192.0.2.9 dev v0", "neigh add 0xc0.0.2.020 lladdr 02:00:00:00:00:16 dev v0", "neigh get 0xc0.0.2.020 dev v0",
      "neigh add 192.0.2.21 dev v0 use", "neigh add 192.0.2.22 dev v0 managed", "neigh add 192.0.2.23 dev v0 lladdr 2:0:0:0:0:0x1g",
      "neigh add 192.0.2.24 dev v0 lladdr 02:00:00:00:00:100", "neigh add 192.0.2.24 dev v0 lladdr 02::01", "neigh add 192.0.2.24 dev v0 lladdr 1.2.3.4",
      "neigh add 192.0.2.25 dev v0 lladdr 02:00:00:00:00:25 protocol 5 protocol static", "neigh add 192.0.2.26 dev nosuch lladdr zz",
      "neigh del 192.0.2.11 dev v0 lladdr 02:00", "neigh del 192.0.2.12 dev v0 lladdr zz", "neigh change 192.0.2.10 dev v0 lladdr 02:00:00:00:00:aa nud noarp",
      "neigh replace 2001:db8::13 dev v0 lladdr 02:00:00:00:00:1d nud stale router extern_learn", "neigh del proxy 2001:db8::50 dev v0",
    ].map(w);
    await withTwins(SETUP, async (a, b) => {
      await twinLines(a, b, cases);
      expect(ip(["-n", a, "-0", "neigh", "add", "02:00:zz", "dev", "lo"]).stderr).toBe('"zz" is invalid lladdr.\nError: link address is expected rather than "02".\n');
    });
  }, 20_000);

  it("show filters and get, by ip and by us in one namespace", async () => {
    const cases = [
      "neigh", "neigh show nud all", "-j neigh show nud all", "neigh show nud none", "neigh show nud noarp", "neigh show nud stale nud permanent", "neigh show nud 0x80", "neigh show nud bogus",
      "neigh show proxy", "neigh show proxy dev v0", "neigh show dev v0", "neigh show dev nosuch", "neigh show nomaster", "neigh show master br0",
      "neigh show master nosuch", "neigh show master", "neigh show vrf br0", "neigh show unused", "neigh show protocol static", "neigh show protocol all",
      "neigh show protocol bogus", "neigh show proto boot proxy", "neigh show to 192.0.2.0/24", "neigh show 192.0.2.8/29", "neigh show 2001:db8::/64",
      "neigh show to default", "neigh show default/0", "neigh show 192.0.2.0/255.255.255.0", "neigh show 192.0.2.0/255.0.255.0", "neigh show 192.0.2.0/33",
      "neigh show 192.0.2.0/24x", "neigh show 0xc0.0.2.10", "-4 neigh show 2001:db8::/64", "-B neigh show 192.0.2.0/24", "-0 neigh show dev v0", "-M neigh show",
      "-s neigh show dev v1", "-j neigh show", "-j -p neigh show proxy", "-br neigh", "-s -j neigh show nud all dev v0", "neigh show to",
      "neigh get 192.0.2.10 dev v0", "neigh get proxy 192.0.2.50 dev v0", "neigh get proxy 192.0.2.50", "neigh get to 2001:db8::10 dev v0",
      "neigh get 192.0.2.77 dev v0", "neigh get 192.0.2.10 dev nosuch", "neigh get 192.0.2.10", "neigh get 192.0.2.10 192.0.2.11 dev v0",
      "neigh get", "-j neigh get 192.0.2.10 dev v0", "-s neigh get 198.51.100.10 dev v1", "-br neigh get 192.0.2.10 dev v0",
      "-c neigh get 192.0.2.10 dev v0", "-4 neigh get 2001:db8::10 dev v0", "-B neigh get any dev v0", "neigh flush", "neigh help", "neigh foo",
    ].map(w);
    await withTwins(SETUP, async (a) => {
      // a managed entry (NTF_EXT_MANAGED, kernels since 5.16) for the flag's printing; where the kernel
      // refuses it, ip and ours list the same table without it
      ip(["-n", a, "neigh", "add", "192.0.2.14", "dev", "v0", "managed"]);
      await sameLines(a, cases);
    });
  }, 20_000);

  it("flush: filters, rounds and -s messages", async () => {
    const cases = [
      "-s neigh flush 203.0.113.0/24", "-s neigh flush dev v0 nud none", "-s neigh flush proxy dev v1", "-s -s neigh flush nud permanent dev v1",
      "-s neigh flush nud permanent dev v0", "-s neigh flush nomaster nud all", "neigh flush master br0 nud all", "-s neigh flush protocol static nud all",
      "-s neigh flush to 2001:db8::/64 nud all", "-s neigh flush proxy", "-s neigh flush unused", "-s neigh flush all",
      "-j -s -s neigh flush nud stale", "-s neigh flush 192.0.2.0/24x", "-0 neigh flush dev v0",
    ].map(w);
    await withTwins(SETUP, async (a, b) => {
      await twinLines(a, b, cases, true);
      // the 3584-byte send buffer: 60 entries need more than one send
      const many = Array.from({ length: 60 }, (_, i) => `neigh add 192.0.2.${100 + i} lladdr 02:00:00:00:01:${(i + 16).toString(16)} dev v0 nud stale`).join("\n") + "\n";
      ipOk(["-n", a, "-batch", "-"], many);
      ipOk(["-n", b, "-batch", "-"], many);
      await twinLines(a, b, [w("-s neigh flush dev v0")], true);
    });
  }, 20_000);
});
