/**
 * Kernel tests (root) of failures and batches:
 * - bad commands (unknown objects/options, bad arguments, kernel
 *   refusals) print the same error lines and exit with the same status as
 *   ip, and never a stack trace;
 * - the same batch file applied with `ip -batch` to one namespace and with
 *   `bun-netlink -batch` to another leaves identical `ip -j` dumps of
 *   links, addresses, routes, rules and neighbours, and a failing batch
 *   reports the same lines and status with and without -force.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, Rng, runSeed, stripVolatile, noDad } from "./helpers.ts";
import { waitCarrierSettled } from "../helpers/carrier.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link add br0 type bridge", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8:1::1/64 dev v0 nodad",
].join("\n") + "\n";

/** Bad command lines, run as `ip -n NS <line>` and `bun-netlink -n NS <line>`. */
const BAD: string[][] = [
  ["foo"], ["link", "foo"], ["address", "frob"], ["route", "frob"], ["rule", "frob"], ["neigh", "frob"], ["netns", "frob"],
  ["-x", "link"], ["link", "show", "dev", "nope"], ["link", "show", "up", "extra"], ["link", "del", "nope"],
  ["link", "set", "nope", "up"], ["link", "set", "lo", "mtu", "abc"], ["link", "set", "lo", "mtu", "100", "mtu", "200"],
  ["link", "set", "dev"], ["link", "add", "v0", "type", "veth"], ["link", "add", "x0", "type", "foo"],
  ["link", "add", "name", "foo", "type", "veth", "peer", "name"], ["link", "set", "v0", "master", "nope"],
  ["link", "set", "v0", "address", "02:00:00:00:00:01:02:03"], ["link", "set", "v0", "address", "02:00:00:00:01"],
  ["address", "add", "1.2.3.4/33", "dev", "lo"], ["address", "add", "192.0.2.1/24", "dev", "nope"],
  ["address", "add", "192.0.2.1/24"], ["address", "add", "192.0.2.1/24", "dev", "v0"],
  ["address", "add", "192.0.2.9/24", "dev", "v0", "scope", "foo"], ["address", "add", "192.0.2.9/24", "dev", "v0", "metric", "x"],
  ["address", "add", "192.0.2.9/24", "dev", "v0", "valid_lft", "10", "preferred_lft", "20"],
  ["address", "del", "192.0.2.99/32", "dev", "v0"], ["address", "flush"], ["address", "show", "dev"], ["address", "show", "dev", "nope"],
  ["route", "add", "blah"], ["route", "add", "203.0.113.0/24", "via", "198.51.100.1"], ["route", "add", "203.0.113.0/24", "dev", "nope"],
  ["route", "add", "203.0.113.0/24", "dev", "v0", "table", "foo"], ["route", "del", "203.0.113.99/32"],
  ["route", "get", "203.0.113.1", "oif", "br0"], ["route", "show", "table", "foo"], ["route", "show", "table", "100"],
  ["route", "add", "203.0.113.0/24", "dev", "v0", "metric", "x"], ["route", "flush"],
  ["rule", "add", "table"], ["rule", "add", "from", "bad"], ["rule", "del", "pref", "12345"],
  ["neigh", "add", "192.0.2.5", "lladdr", "zz", "dev", "v0"], ["neigh", "del", "192.0.2.99", "dev", "v0"],
  ["neigh", "add", "192.0.2.5"], ["neigh", "show", "nud", "bogus"],
  ["nexthop", "show", "id", "99"], ["nexthop", "del", "id", "99"],
  ["netns", "add", "a/b"], ["netns", "del", "bnl-no-such-ns"],
];

describeKernel("cli errors and batches", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    ipOk(["-n", ns.name, "-batch", "-"], SETUP);
  });
  afterAll(() => ns?.remove());

  it("bad commands print ip's error line and exit status", async () => {
    for (const line of BAD) {
      const args = ["-n", ns.name, ...line];
      const want = ip(args);
      const got = await cli(args);
      expect({ code: got.code, stderr: got.stderr }, `ip ${args.join(" ")}`).toEqual({ code: want.code, stderr: want.stderr });
      expect(got.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("-n with a namespace that does not exist", async () => {
    const want = ip(["-n", "bnl-no-such-ns", "link"]);
    const got = await cli(["-n", "bnl-no-such-ns", "link"]);
    expect({ code: got.code, stderr: got.stderr }).toEqual({ code: want.code, stderr: want.stderr });
  });
});

/** A random but valid batch: links with fixed MACs, addresses, routes, rules, neighbours; returns its text. */
function randomBatch(r: Rng): string {
  const lines: string[] = [];
  lines.push(`link add v0 address ${r.mac()} type veth peer name v1 address ${r.mac()}`);
  lines.push(`link add br0 address ${r.mac()} type bridge forward_delay ${r.int(200, 2000)}`);
  lines.push("link add if0 address 02:00:00:00:00:01 type ifb");
  lines.push("link set lo up", "link set v0 up", "link set v1 up", "link set br0 up", `link set v1 mtu ${r.int(1280, 1500)}`);
  if (r.chance(0.5)) lines.push("link set v1 master br0");
  lines.push("addr add 192.0.2.1/24 dev v0");
  const added: string[] = [];
  for (let i = 1; i < r.int(5, 40); i++) {
    // extra v0 addresses are host addresses, so 192.0.2.0/24 stays reachable through v0 only
    const dev = r.pick(["v0", "br0", "if0"]);
    const a = dev === "v0" ? `192.0.2.${i + 1}/32 dev v0` : `198.51.100.${i + 1}/${r.pick([24, 25, 32])} dev ${dev}`;
    added.push(a);
    lines.push(`addr add ${a}${r.chance(0.3) ? " brd +" : ""}`);
  }
  for (let i = 0; i < r.int(2, 20); i++) lines.push(`addr add 2001:db8:1::${(i + 1).toString(16)}/64 dev ${r.pick(["v0", "br0"])} nodad`);
  for (let i = 0; i < r.int(5, 60); i++) {
    const table = r.pick(["main", "100", "200"]);
    lines.push(`route add 203.0.113.${i * 4}/30 via 192.0.2.${r.int(100, 200)} dev v0 table ${table} metric ${r.int(1, 1000)}`);
  }
  lines.push("route add 203.0.113.240/28 nexthop via 192.0.2.150 dev v0 weight 3 nexthop via 192.0.2.151 dev v0");
  lines.push("route add blackhole 203.0.113.224/28 table 100 proto static");
  for (let i = 0; i < r.int(1, 10); i++) lines.push(`rule add from 192.0.2.${i * 16}/28 table ${r.pick(["100", "200"])} pref ${1000 + i}`);
  for (let i = 0; i < r.int(1, 10); i++) lines.push(`neigh add 192.0.2.${200 + i} lladdr ${r.mac()} dev v0 nud ${r.pick(["permanent", "noarp"])}`);
  if (added.length && r.chance(0.5)) lines.push(`addr del ${r.pick(added)}`);
  if (r.chance(0.5)) lines.push("link set if0 name if1");
  return lines.join("\n") + "\n";
}

/** dumps(ns) once no carrier change is on its way (test/helpers/carrier.ts) and two reads 150 ms apart agree. */
function settledDumps(ns: string): Record<string, unknown> {
  waitCarrierSettled(ns);
  let last = JSON.stringify(dumps(ns));
  for (let i = 0; i < 20; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    const now = JSON.stringify(dumps(ns));
    if (now === last) break;
    last = now;
  }
  return JSON.parse(last) as Record<string, unknown>;
}

function dumps(ns: string): Record<string, unknown> {
  const j = (args: string[]) => stripVolatile(JSON.parse(ipOk(["-j", "-n", ns, ...args])));
  return {
    links: j(["-d", "link", "show"]),
    addrs: j(["address", "show"]),
    routes: j(["route", "show", "table", "all"]),
    routes6: j(["-6", "route", "show", "table", "all"]),
    rules: j(["rule", "show"]),
    // the neighbour table is a hash: its dump order differs between namespaces; multicast
    // entries the kernel adds by itself (MLD/IGMP, on its own timers) are not the batch's doing
    neigh: (j(["neigh", "show", "nud", "all"]) as Array<{ dst: string; dev: string }>).filter((x) => /^(192\.0\.2\.|198\.51\.100\.|2001:db8:)/.test(x.dst)).sort((x, y) => `${x.dev} ${x.dst}`.localeCompare(`${y.dev} ${y.dst}`)),
  };
}

describeKernel("cli -batch against ip -batch", () => {
  const seed = runSeed();

  it(`random valid batches leave the same state (seed ${seed})`, async () => {
    const r = new Rng(seed);
    for (let c = 0; c < 5; c++) {
      const text = randomBatch(r);
      const a = tempNetns();
      const b = tempNetns();
      try {
        noDad(a.name);
        noDad(b.name);
        const want = ip(["-n", a.name, "-batch", "-"], text);
        expect(want, `ip rejected the generated batch (seed ${seed} batch ${c}):\n${text}`).toMatchObject({ code: 0, stderr: "" });
        const got = await cli(["-n", b.name, "-batch", "-"], text);
        expect({ code: got.code, stderr: got.stderr }, `seed ${seed} batch ${c}:\n${text}`).toEqual({ code: want.code, stderr: want.stderr });
        // carriers and what follows them (a bridge's operstate, IPv6 routes) arrive up to seconds late under load
        expect(settledDumps(b.name), `seed ${seed} batch ${c}:\n${text}`).toEqual(settledDumps(a.name));
      } finally {
        a.remove();
        b.remove();
      }
    }
  }, 60_000);

  it("a failing batch reports the same lines and status as ip, with and without -force", async () => {
    const text = [
      "link add d1 type bridge", "addr add 192.0.2.1/24 dev d1", "addr add 192.0.2.1/24 dev d1", "", "# a comment",
      "link set nope up", "addr add 198.51.100.1/24 dev d1", "route add 203.0.113.0/24 via 198.51.100.9", "route del 203.0.113.99/32",
      "addr add 198.51.100.2/24 \\", "  dev d1", "route add blah", "addr add 198.51.100.3/24 dev d1",
    ].join("\n") + "\n";
    for (const force of [false, true]) {
      const a = tempNetns();
      const b = tempNetns();
      try {
        const extra = force ? ["-force"] : [];
        const want = ip(["-n", a.name, ...extra, "-batch", "-"], text);
        const got = await cli(["-n", b.name, ...extra, "-batch", "-"], text);
        expect({ code: got.code, stderr: got.stderr, stdout: got.stdout }).toEqual({ code: want.code, stderr: want.stderr.replaceAll(a.name, b.name), stdout: want.stdout });
        expect(dumps(b.name).addrs).toEqual(stripMacs(dumps(a.name).addrs, dumps(b.name).addrs));
      } finally {
        a.remove();
        b.remove();
      }
    }
  }, 60_000);

  it("long route batches with failures (fast path, one ACK per window) report like ip", async () => {
    const r = new Rng(seed);
    const lines = ["link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "addr add 192.0.2.1/24 dev v0"];
    const bad = new Set<number>();
    for (let i = 0; i < 1500; i++) {
      const dst = `198.51.100.${i % 256}/32${i >= 256 ? ` table ${100 + (i >> 8)}` : ""}`;
      if (r.chance(0.01)) {
        bad.add(lines.length + 1);
        lines.push(r.pick([`route add ${dst} via 192.0.2.2 dev nope`, `route add ${dst} via 203.0.113.1 dev v0`, `route del 203.0.113.${r.int(0, 255)}/32`]));
      } else lines.push(`route add ${dst} via 192.0.2.${r.int(2, 250)} dev v0${r.chance(0.3) ? ` metric ${r.int(0, 9)}` : ""}`);
      if (r.chance(0.005)) lines.push(lines[lines.length - 1]!); // EEXIST
    }
    const text = lines.join("\n") + "\n";
    for (const force of [true, false]) {
      const a = tempNetns();
      const b = tempNetns();
      try {
        const extra = force ? ["-force"] : [];
        const want = ip(["-n", a.name, ...extra, "-batch", "-"], text);
        const got = await cli(["-n", b.name, ...extra, "-batch", "-"], text);
        const ctx = `seed ${seed} force ${force}`;
        // with and without -force: ip's messages and ip's state (without -force, the lines after the
        // first failure that shared its pipelined window have been undone)
        expect({ code: got.code, stderr: got.stderr, stdout: got.stdout }, ctx).toEqual({ code: want.code, stderr: want.stderr, stdout: want.stdout });
        if (!force) expect(want.stderr, ctx).toMatch(/Command failed -:\d+\n$/);
        // IPv4 only: the IPv6 link-local entries depend on the veths' random MACs and on when DAD ends;
        // entries the kernel adds for the links themselves may come in another order in another namespace
        const sorted = (ns: string) => (JSON.parse(ipOk(["-4", "-j", "-n", ns, "route", "show", "table", "all"])) as unknown[]).map((x) => JSON.stringify(x)).sort();
        expect(sorted(b.name), ctx).toEqual(sorted(a.name));
      } finally {
        a.remove();
        b.remove();
      }
    }
  }, 60_000);

  it("route lines after link changes use the new links (the name cache is dropped)", async () => {
    const text = [
      "link add d0 type veth peer name d1", "link set d0 up", "link set d1 up", "addr add 192.0.2.1/24 dev d0",
      "route add 203.0.113.1/32 via 192.0.2.2 dev d0", "route add 203.0.113.2/32 dev d0",
      "link del d0", "route add 203.0.113.3/32 dev d0",
      "link add d0 type veth peer name d1", "link set d0 up", "route add 203.0.113.4/32 dev d0",
      "link set d0 down", "link set d0 name e0", "link set e0 up", "route add 203.0.113.5/32 dev d0", "route add 203.0.113.6/32 dev e0",
      "route add 203.0.113.7/32 dev e0 table 100", "route del 203.0.113.6/32 dev e0", "route add 203.0.113.8/32 dev lo",
    ].join("\n") + "\n";
    const a = tempNetns();
    const b = tempNetns();
    try {
      const want = ip(["-n", a.name, "-force", "-batch", "-"], text);
      const got = await cli(["-n", b.name, "-force", "-batch", "-"], text);
      expect({ code: got.code, stderr: got.stderr, stdout: got.stdout }).toEqual({ code: want.code, stderr: want.stderr, stdout: want.stdout });
      expect(want.stderr).toMatch(/Cannot find device "d0"\nCommand failed -:8\n/);
      // IPv4 only: the IPv6 link-local entries depend on the veths' random MACs and on when DAD ends
      const routes = (ns: string) => JSON.parse(ipOk(["-4", "-j", "-n", ns, "route", "show", "table", "all"])) as unknown[];
      expect(routes(b.name)).toEqual(routes(a.name));
    } finally {
      a.remove();
      b.remove();
    }
  });

  it("lines that name another namespace are carried out while its fd is open", async () => {
    const src = tempNetns();
    const dst = tempNetns();
    try {
      const text = `link add v0 type veth peer name v1 netns ${dst.name}\nlink add d9 type ifb\nlink set d9 netns ${dst.name}\naddr add 192.0.2.1/24 dev v0\n`;
      expect(await cli(["-n", src.name, "-batch", "-"], text)).toEqual({ code: 0, stdout: "", stderr: "" });
      const names = (JSON.parse(ipOk(["-j", "-n", dst.name, "link", "show"])) as Array<{ ifname: string }>).map((l) => l.ifname);
      expect(names).toEqual(["lo", "v1", "d9"]);
    } finally {
      src.remove();
      dst.remove();
    }
  });

  it("a batch file that cannot be read", async () => {
    const want = ip(["-batch", "/nonexistent/bnl-batch"]);
    const got = await cli(["-batch", "/nonexistent/bnl-batch"]);
    expect({ code: got.code, stderr: got.stderr }).toEqual({ code: want.code, stderr: want.stderr });
  });
});

/** The bridge's MAC is random: take it from the other dump so only the rest is compared. */
function stripMacs(a: unknown, b: unknown): unknown {
  const aa = a as Array<Record<string, unknown>>;
  const bb = b as Array<Record<string, unknown>>;
  return aa.map((x, i) => ({ ...x, address: bb[i]?.address }));
}

describe("cli batch file syntax", () => {
  it("comments, continuation lines and quotes as ip's getcmdline/makeargs", async () => {
    const { parseBatch, makeArgs } = await import("../../cli/batch.ts");
    expect(makeArgs(`link set a alias "x y" name 'q'`)).toEqual(["link", "set", "a", "alias", "x y", "name", "q"]);
    expect(parseBatch("a b # c\n\nd \\\ne\n#x\nf\n")).toEqual([
      { line: 1, words: ["a", "b"] }, { line: 4, words: ["d", "e"] }, { line: 6, words: ["f"] },
    ]);
  });
});
