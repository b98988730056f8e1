/**
 * nl.tc u32 options: bad input refused before any request with a
 * TypeError/RangeError naming the field; output as input: each of tc's
 * captured u32 add requests (fixtures/tc/u32-captures.ts), read into the
 * model and given back to filters.add, is sent again byte for byte; and
 * live, every u32 filter tc made in one namespace, listed by nl.tc and
 * added by nl.tc to a twin namespace, lists the same there (tc -s -j and
 * text), and nl.tc lists it back as the same spec.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { filterMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { U32_CAPTURES } from "../../fixtures/tc/u32-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";
import { spawnSync } from "node:child_process";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, theirsTc } from "./kernel-env.ts";

const at = { dev: "v0", parent: "ffff:", kind: "u32" } as const;
const k0 = { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] };
const CASES: RefusalCase<[TcApi]>[] = [
  ["divisor not a power of 2", (t) => t.filters.add({ ...at, options: { divisor: 3 } }), RangeError, /^options\.divisor: 3 is not a power of 2/],
  ["divisor 0", (t) => t.filters.add({ ...at, options: { divisor: 0 } }), RangeError, /^options\.divisor: 0 is out of range 1\.\.256/],
  ["divisor 512", (t) => t.filters.add({ ...at, options: { divisor: 512 } }), RangeError, /^options\.divisor: 512 is out of range/],
  ["link to a node", (t) => t.filters.add({ ...at, options: { link: 0x00100001 } }), RangeError, /^options\.link: 0x100001 is not a hash table/],
  ["link not a number", (t) => t.filters.add({ ...at, options: { link: "1:" as never } }), TypeError, /^options\.link: expected an integer, got "1:"/],
  ["hash range", (t) => t.filters.add({ ...at, options: { hash: -1 } }), RangeError, /^options\.hash: -1 is out of range/],
  ["indev too long", (t) => t.filters.add({ ...at, options: { indev: "0123456789abcdef" } }), TypeError, /^options\.indev: expected an interface name \(1\.\.15 characters\), got "0123456789abcdef"/],
  ["mark outside its mask", (t) => t.filters.add({ ...at, options: { mark: { val: 3, mask: 1 } } }), RangeError, /^options\.mark\.val: 0x3 has bits outside mask 0x1/],
  ["mark without mask", (t) => t.filters.add({ ...at, options: { mark: { val: 3 } as never } }), TypeError, /^options\.mark\.mask: expected an integer/],
  ["classid", (t) => t.filters.add({ ...at, options: { classid: "1:zz" } }), TypeError, /^options\.classid: "1:zz" is not a class id/],
  ["police without burst", (t) => t.filters.add({ ...at, options: { police: { rate: "1mbit" } } }), TypeError, /^options\.police\.burst: required with rate/],
  ["key offset", (t) => t.filters.add({ ...at, options: { sel: { keys: [{ val: 0, mask: 0, off: 2, offmask: 0 }] } } }), RangeError, /^options\.sel\.keys\[0\]\.off: 2 is not a multiple of 4/],
  ["key value", (t) => t.filters.add({ ...at, options: { sel: { keys: [{ val: 2 ** 32, mask: 0, off: 0, offmask: 0 }] } } }), RangeError, /^options\.sel\.keys\[0\]\.val: 4294967296 is out of range/],
  ["too many keys", (t) => t.filters.add({ ...at, options: { sel: { keys: Array.from({ length: 129 }, () => k0.keys[0]!) } } }), RangeError, /^options\.sel\.keys: at most 128 keys/],
  ["sel offoff", (t) => t.filters.add({ ...at, options: { sel: { ...k0, offoff: 0x8000 } } }), RangeError, /^options\.sel\.offoff: 32768 is out of range/],
  ["sel hoff", (t) => t.filters.add({ ...at, options: { sel: { ...k0, hoff: -0x8001 } } }), RangeError, /^options\.sel\.hoff: -32769 is out of range/],
  ["sel offmask", (t) => t.filters.add({ ...at, options: { sel: { ...k0, offmask: 0x10000 } } }), RangeError, /^options\.sel\.offmask: 65536 is out of range/],
  ["sel keys missing", (t) => t.filters.add({ ...at, options: { sel: {} as never } }), TypeError, /^options\.sel\.keys: expected an array of keys/],
  ["skipHw and skipSw", (t) => t.filters.add({ ...at, options: { skipHw: true, skipSw: true } }), TypeError, /^options\.skipSw: skipHw and skipSw are mutually exclusive/],
  ["again not an array", (t) => t.filters.add({ ...at, options: { again: {} as never } }), TypeError, /^options\.again: expected an array/],
  ["again with a key sent once", (t) => t.filters.add({ ...at, options: { again: [{ hash: 1 } as never] } }), TypeError, /^options\.again\[0\]\.hash: only classid, divisor, link, indev, mark, actions, police can be sent again/],
  ["again's divisor", (t) => t.filters.add({ ...at, options: { divisor: 1, again: [{ divisor: 6 }] } }), RangeError, /^options\.again\[0\]\.divisor: 6 is not a power of 2/],
  ["unknown option", (t) => t.filters.add({ ...at, options: { flowid: "1:1" } as never }), TypeError, /^options\.flowid: not a u32 option/],
];

describe("nl.tc u32: bad input refused before any request", () => {
  itRefusesBeforeAnySyscall(CASES, (conn) => [new TcApi(conn)]);
});

describe("nl.tc u32: a filter read back is sent again as tc sent it", () => {
  // not: a word tc sent twice (the kernel keeps the last; a reader sees one attribute)
  for (const c of U32_CAPTURES.filter((x) => x.name !== "tc-u32-twice")) {
    it(c.name, () => {
      const [theirs] = messagesOf(readTcCapture(c.name).requests.map((h) => fromHex(h)), [RTM_TC.NEWTFILTER]);
      const f = toFilter(filterMessage.decode(theirs!, new DataView(theirs!.buffer, theirs!.byteOffset, theirs!.byteLength), 16, theirs!.length));
      const { conn, kernel } = fakeConn({ links: LINKS });
      new TcApi(conn).filters.add(JSON.parse(JSON.stringify(f)));
      const [ours] = messagesOf(kernel.sent, [RTM_TC.NEWTFILTER]);
      expect(normalisedHex(ours!)).toBe(normalisedHex(theirs!));
    });
  }
});

/** Filters tc adds in namespace A (the tail after `filter add dev v0 ingress`). */
const MADE = [
  "protocol ip prio 1 u32 match ip src 192.0.2.0/24 match ip dport 80 0xffff flowid 1:1",
  "protocol ip prio 2 handle 10: u32 divisor 16",
  "protocol ip prio 2 u32 ht 10: sample ip dst 203.0.113.7 divisor 16 match ip dst 203.0.113.7 flowid 1:7",
  "protocol ip prio 2 u32 ht 801: match ip protocol 6 ff offset at 0 mask 0x0f00 shift 6 eat hashkey mask 0xff at 16 link 10:",
  "protocol ip prio 3 u32 order 9 match tcp dst 22 ffff match mark 5 0xff classid 1:3 skip_hw",
  "protocol ipv6 prio 4 u32 match ip6 dst 2001:db8::/48 match ip6 protocol 17 ff indev v1 action mirred egress redirect dev v1",
  "protocol all prio 5 u32 match ether dst 02:00:00:00:00:02 offset plus 4 flowid 1:5",
];

/** A listing with the actions' timers zeroed (the twins' filters were made at different times). */
// print_tm prints a timer only when it is not 0 (in USER_HZ ticks), so whether one shows depends on the moment too: drop them
const timeless = (out: string) => out.replace(/ (installed|used|firstused|expires) \d+ sec/g, "").replace(/"(installed|last_used|first_used|expires)":\d+,/g, "");

/** No IPv6 on the twins' links (their router solicitations would hit the filters and count in one twin only). */
function quiet(ns: string): void {
  const r = spawnSync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
  if (r.status !== 0) throw new Error(`sysctl in ${ns}: ${r.stderr}`);
}

describeKernel("nl.tc u32: filters listed in one namespace, added to a twin, list the same", () => {
  it("tc's filters through nl.tc list and add", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) quiet(ns);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "ingress"]);
    for (const l of MADE) tc(a.name, ["filter", "add", "dev", "v0", "ingress", ...l.split(" ")]);
    using na = openRtnl({ netns: a.name });
    using nb = openRtnl({ netns: b.name });
    const listed = na.tc.filters.list({ dev: "v0", parent: "ingress" });
    expect(listed.length).toBeGreaterThan(MADE.length);
    for (const f of listed) {
      const o = f.options as { divisor?: number };
      // the root hash tables 800:, 801: ... are made with their filter (listed, not given)
      if (o?.divisor !== undefined && f.handle >>> 20 >= 0x800) continue;
      nb.tc.filters.add(JSON.parse(JSON.stringify(f)));
    }
    for (const opts of [["-s", "-j"], ["-s", "-d"], []]) {
      const args = [...opts, "filter", "show", "dev", "v0", "ingress"];
      expect(timeless(theirsTc(b.name, args).out), args.join(" ")).toBe(timeless(theirsTc(a.name, args).out));
    }
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (["counters", "success", "stats", "installed", "lastUsed", "firstUsed"].includes(k) ? undefined : v)));
    expect(strip(nb.tc.filters.list({ dev: "v0", parent: "ingress" }))).toEqual(strip(listed));
  }, 60_000);
});
