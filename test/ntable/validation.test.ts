/**
 * Bad input to the neighbour table API (nl.neighbours.tables) is rejected
 * before anything is sent: every case runs over a transport that fails on
 * any I/O, must throw TypeError or RangeError, and the message must name
 * the field and show the value.
 */
import { describe } from "vitest";
import { NeighbourTableApi } from "../../lib/rtnl/ntable/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

type Case = RefusalCase<[NeighbourTableApi]>;

const list = (f: unknown) => (t: NeighbourTableApi) => t.list(f as never);
const change = (spec: unknown) => (t: NeighbourTableApi) => t.change(spec as never);
const dev = (extra: object) => change({ name: "arp_cache", dev: "v0", ...extra });

const CASES: Case[] = [
  ["list: filter not an object", list("arp_cache"), TypeError, /^filter: expected an options object, got string/],
  ["list: unknown filter key", list({ table: "arp_cache" }), TypeError, /^filter\.table: unknown option/],
  ["list: family 7", list({ family: 7 }), TypeError, /^filter\.family: 7 is not a family here/],
  ["list: family bridge", list({ family: "bridge" }), TypeError, /^filter\.family: "bridge" is not a family here/],
  ["list: empty name", list({ name: "" }), TypeError, /^filter\.name: expected a table name like "arp_cache", got ""/],
  ["list: dev 0", list({ dev: 0 }), RangeError, /^filter\.dev: /],
  ["list: dev object", list({ dev: {} }), TypeError, /^filter\.dev: expected an interface name or index/],
  ["list: dev name too long (128 bytes, not even an altname)", list({ dev: "x".repeat(128) }), TypeError, /^filter\.dev: "x+" is not a valid interface name/],
  ["dumpMessages: family 256", (t) => t.dumpMessages(256), RangeError, /^family: 256 is out of range 0\.\.255/],
  ["change: spec null", change(null), TypeError, /^spec: expected an options object, got null/],
  ["change: no name", change({ dev: "v0", queueLen: 5 }), TypeError, /^spec\.name: expected a table name like "arp_cache", got undefined/],
  ["change: name with NUL", change({ name: "arp\0", queueLen: 5 }), TypeError, /^spec\.name: expected a table name/],
  ["change: unknown key", dev({ queue: 5 }), TypeError, /^spec\.queue: unknown option/],
  ["change: nothing to change", dev({}), TypeError, /^spec: nothing to change/],
  ["change: only read-only members", dev({ refcnt: 1, reachableTime: 5 }), TypeError, /^spec: nothing to change/],
  ["change: family 2 as a name", dev({ family: "ipv4", queueLen: 1 }), TypeError, /^spec\.family: "ipv4" is not a family here/],
  ["change: dev and ifindex", dev({ ifindex: 3, queueLen: 1 }), TypeError, /^spec\.dev: give dev or ifindex, not both/],
  ["change: ifindex 0", change({ name: "arp_cache", ifindex: 0, queueLen: 1 }), RangeError, /^spec\.ifindex: 0 is out of range/],
  ["change: thresh1 negative", change({ name: "arp_cache", thresh1: -1 }), RangeError, /^spec\.thresh1: -1 is out of range 0\.\.4294967295/],
  ["change: thresh2 2^32", change({ name: "arp_cache", thresh2: 2 ** 32 }), RangeError, /^spec\.thresh2: 4294967296 is out of range/],
  ["change: gcInterval string", change({ name: "arp_cache", gcInterval: "30s" }), TypeError, /^spec\.gcInterval: expected milliseconds as an integer, got "30s"/],
  ["change: gcInterval 2^64", change({ name: "arp_cache", gcInterval: 2n ** 64n }), RangeError, /^spec\.gcInterval: 18446744073709551616 is out of range/],
  ["change: retransTime fraction", dev({ retransTime: 1.5 }), TypeError, /^spec\.retransTime: expected milliseconds as an integer, got 1\.5/],
  ["change: baseReachableTime negative", dev({ baseReachableTime: -1 }), RangeError, /^spec\.baseReachableTime: -1 is out of range/],
  ["change: intervalProbeTimeMs 0 (the kernel's minimum is 1)", dev({ intervalProbeTimeMs: 0 }), RangeError, /^spec\.intervalProbeTimeMs: 0 is out of range 1\.\./],
  ["change: queueLen string", dev({ queueLen: "5" }), TypeError, /^spec\.queueLen: expected an integer, got "5"/],
  ["change: ucastProbes 2^32", dev({ ucastProbes: 2 ** 32 }), RangeError, /^spec\.ucastProbes: 4294967296 is out of range/],
  ["change: bad value after a good one", dev({ queueLen: 5, proxyQlen: -2 }), RangeError, /^spec\.proxyQlen: -2 is out of range/],
];

describe("neighbour table API refuses bad input before any syscall", () => {
  itRefusesBeforeAnySyscall(CASES, (conn) => [new NeighbourTableApi(conn)]);
});
