/**
 * `ip ntable` against ip 6.1, in throwaway namespaces with a veth pair.
 *
 * show: ip and bun-netlink run the same command line on the same namespace;
 * stdout, stderr and exit status must be equal byte for byte. Two kinds of
 * value change between two reads by ip itself, and only those are handled:
 * - `reachable` (every parameter set's, the kernel re-randomises them all
 *   every 300 s): ip runs before and after ours, and the comparison is
 *   retried when ip's two reads differ;
 * - with -s, the tables' config and statistics, which are global (every
 *   namespace's ARP/NDP work counts) and change all the time: the numbers
 *   of entries, hash_rnd, hash_mask and the eleven counters, and the
 *   last_flush/last_rand times (printed to the second, now minus an age)
 *   are masked in both outputs; the words and their order are still compared.
 *
 * change: the same command line runs in two twin namespaces, ip in one and
 * ours in the other; stdout, stderr and status must be equal, and then the
 * namespaces' tables, read by ip, must be equal except `reachable`, which
 * the kernel draws at random per parameter set from base_reachable (checked
 * to lie in [base/2, 3*base/2] instead).
 *
 * monitor: ip 6.1's `ip monitor` has no neighbour table case (a
 * RTM_NEWNEIGHTBL would print "Unknown message"), and the kernel sends none
 * when a table changes: checked on a socket in every rtnetlink group, so
 * printing nothing for table changes, as bun-netlink's monitor does, is ip's
 * behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { RTM, RTNLGRP } from "../../codecs/rtnetlink.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, type RunResult } from "./helpers.ts";
import { tablesOf } from "../ntable/ip-tables.ts";

const SHOW = [
  "ntable", "ntable show", "ntable list", "ntbl lst", "-4 ntable", "-6 ntable", "ntable show dev v0", "ntable show dev none",
  "ntable show name ndisc_cache", "ntable show name nosuch", "ntable show dev v1 name arp_cache", "-6 ntable show dev lo",
  "-j ntable", "-j -p ntable show dev v0", "-j -6 ntable show name ndisc_cache", "-o ntable", "-o -4 ntable show dev v1",
  "-s ntable", "-s -4 ntable show dev none", "-s -j ntable", "-s -j -p ntable show dev none", "-s -o -6 ntable",
  "ntable show dev nosuch", "ntable show dev", "ntable show name", "ntable show bogus", "ntable help", "ntable bogus",
  "-0 ntable", "-f bridge ntable", "ntable sh dev if2", "-j -0 ntable", "-j ntable show name nosuch", "-j -p ntable show dev none name x",
  "-s -s -d ntable show name arp_cache", "ntable show name arp_cache name ndisc_cache", "ntable show dev v0 dev none", "ntable show dev lo foo",
];

const CHANGE = [
  "ntable change name arp_cache dev v0 base_reachable 20000 retrans 500 gc_stale 30000 delay_probe 3000 queue 50 app_probes 1 " +
    "ucast_probes 4 mcast_probes 2 anycast_delay 900 proxy_delay 700 proxy_queue 32 locktime 800",
  "-6 ntable change name ndisc_cache retrans 2000 queue 7 dev v1",
  "ntable chg name arp_cache dev v0 locktime 0x10 app_probes 010 ucast_probes +3",
  "-4 ntable c name arp_cache dev v1 delay_probe 1234 gc_stale 18446744073709551615",
  "ntable change name arp_cache dev v0 base_reachable -1",
  "ntable change name arp_cache dev v0 queue 3 dev v1 queue 4",
  "ntable change name arp_cache dev v0 thresh1 5 queue 9",
  "ntable change name arp_cache thresh1 5",
  "ntable change name arp_cache gc_int 1000",
  "ntable change name arp_cache queue 5",
  "ntable change name foo_cache dev v0 queue 5",
  "-6 ntable change name arp_cache dev v0 queue 5",
  "ntable change name arp_cache dev nosuch queue 5",
  "ntable change name arp_cache dev v0",
  "ntable change dev v0 queue 5",
  "ntable change name arp_cache name ndisc_cache queue 5",
  "ntable change name arp_cache dev v0 queue x",
  "ntable change name arp_cache dev v0 queue -1",
  "ntable change name arp_cache dev v0 queue 4294967296",
  "ntable change name arp_cache dev v0 retrans 18446744073709551616",
  "ntable change name arp_cache dev v0 bogus 1",
  "ntable change name arp_cache dev v0 queue",
  "ntable change",
];

/** Batches (ip -batch -): a kernel refusal in `change` ends the batch at once (ip's exit(2)). */
const BATCHES = [
  "ntable change name arp_cache dev v0 queue 9\nntable show dev v0\n",
  "ntable change name arp_cache thresh1 5\nntable show dev v0\n",
  "ntable change name arp_cache dev nosuch queue 1\nntable change name arp_cache dev v1 queue 2\n",
];

const VOLATILE_STATS = /\b(entries|hash_rnd|hash_mask|allocs|destroys|hash_grows|res_failed|lookups|hits|rcv_probes_mcast|rcv_probes_ucast|periodic_gc_runs|forced_gc_runs|table_fulls)( |": ?)("?)[0-9a-fx]+/g;
const VOLATILE_TIMES = /\b(last_flush|last_rand)( |": ?)("?)(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\(error\))/g;

/** The -s values that change between two reads by ip itself (see the module comment). */
function maskStats(s: string): string {
  return s.replace(VOLATILE_STATS, "$1$2$3N").replace(VOLATILE_TIMES, "$1$2$3T");
}

const run = (ns: string, line: string): { args: string[] } => ({ args: ["-n", ns, ...line.split(" ")] });
const same = (r: RunResult) => ({ code: r.code, out: r.stdout, err: r.stderr });

function setup(ns: TempNetns): void {
  ipOk(["-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
}

describeKernel("ip ntable (ip 6.1 compatible)", () => {
  describe("show", () => {
    let ns: TempNetns;
    beforeAll(() => {
      ns = tempNetns();
      setup(ns);
    });
    afterAll(() => ns?.remove());

    for (const c of SHOW) {
      it(c, async () => {
        const { args } = run(ns.name, c);
        const mask = c.includes("-s") ? maskStats : (s: string) => s;
        for (let attempt = 1; ; attempt++) {
          const before = ip(args);
          const got = await cli(args);
          const after = ip(args);
          const a = { ...same(before), out: mask(before.stdout) };
          const b = { ...same(after), out: mask(after.stdout) };
          if (JSON.stringify(a) !== JSON.stringify(b) && attempt < 3) continue; // a reachable time was re-randomised meanwhile
          expect({ ...same(got), out: mask(got.stdout) }).toEqual(a);
          break;
        }
      });
    }

    it("the masks leave the -s layout to compare and really mask only the volatile values", () => {
      const out = ip(["-n", ns.name, "-s", "ntable", "show", "dev", "none"]).stdout;
      const masked = maskStats(out);
      expect(masked).toContain("    stats allocs N destroys N hash_grows N \n");
      expect(masked).toMatch(/last_flush T last_rand T \n/);
      expect(masked).toMatch(/refcnt \d+ reachable \d+ base_reachable 30000 retrans 1000 \n/);
      expect(masked).toContain("thresh1 128 thresh2 512 thresh3 1024 gc_int 30000 \n");
    });
  });

  describe("change, in twin namespaces", () => {
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

    it("the twins start equal", () => {
      expect(tablesOf(ours.name)).toBe(tablesOf(theirs.name));
    });

    for (const c of CHANGE) {
      it(c, async () => {
        const want = ip(run(theirs.name, c).args);
        const got = await cli(run(ours.name, c).args);
        expect(same(got)).toEqual(same(want));
        expect(tablesOf(ours.name)).toBe(tablesOf(theirs.name));
      });
    }

    for (const b of BATCHES) {
      it(`-batch: ${JSON.stringify(b)}`, async () => {
        const want = ip(["-n", theirs.name, "-batch", "-"], b);
        const got = await cli(["-n", ours.name, "-batch", "-"], b);
        const r = (x: RunResult) => ({ ...same(x), out: x.stdout.replace(/ reachable \d+ /g, " reachable R ") });
        expect(r(got)).toEqual(r(want));
        expect(tablesOf(ours.name)).toBe(tablesOf(theirs.name));
      });
    }

    it("the changes were real: v0's ARP parameters as the changes left them (0x10 hex, 010 octal, +3), in both", () => {
      const v0 = ipOk(["-n", ours.name, "-4", "ntable", "show", "dev", "v0"]);
      expect(v0).toMatch(/retrans 500 \n    gc_stale 30000 delay_probe 3000 queue 9 \n    app_probes 8 ucast_probes 3 mcast_probes 2 \n    anycast_delay 900 proxy_delay 700 proxy_queue 32 locktime 16 \n/);
      expect(tablesOf(ours.name)).toBe(tablesOf(theirs.name));
    });
  });

  it("monitor: the kernel sends no neighbour table notification when a table changes (ip 6.1 prints none)", () => {
    using ns = tempNetns();
    setup(ns);
    const sock = ns.socket(0);
    try {
      for (const g of Object.values(RTNLGRP)) sock.addMembership(g);
      ipOk(["-n", ns.name, "ntable", "change", "name", "arp_cache", "dev", "v0", "queue", "5", "base_reachable", "10000"]);
      ipOk(["-n", ns.name, "-6", "ntable", "change", "name", "ndisc_cache", "dev", "v1", "delay_probe", "1000"]);
      ipOk(["-n", ns.name, "rule", "add", "pref", "7777", "table", "7777"]); // the sentinel: everything before it has arrived
      const types: number[] = [];
      for (let i = 0; i < 1000 && !types.includes(RTM.NEWRULE); i++) {
        if (!sock.waitReadable(5000)) break;
        const d = sock.recv();
        if (d) for (const m of splitMessages(d)) types.push(m.type);
      }
      expect(types).toContain(RTM.NEWRULE);
      expect(types.filter((t) => t >= RTM.NEWNEIGHTBL && t <= RTM.SETNEIGHTBL)).toEqual([]);
    } finally {
      sock.close();
    }
  });
});
