/**
 * Bad input to the statistics API (nl.stats) is rejected before anything
 * is sent: every case runs over a transport that fails on any I/O, must
 * throw TypeError or RangeError, and the message must name the field (or
 * the selector level, in ip's words) and show the value.
 */
import { describe } from "vitest";
import { StatsApi } from "../../lib/rtnl/stats/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

type Case = RefusalCase<[StatsApi]>;

const list = (q: unknown) => (s: StatsApi) => s.list(q as never);
const get = (dev: unknown, q?: unknown) => (s: StatsApi) => s.get(dev as never, q as never);

const CASES: Case[] = [
  ["list: query not an object", list("link"), TypeError, /^query: expected an options object, got string/],
  ["list: unknown query key", list({ group: "link" }), TypeError, /^query\.group: unknown option/],
  ["list: groups not an array", list({ groups: { group: "link" } }), TypeError, /^query\.groups: expected a non-empty array/],
  ["list: groups empty", list({ groups: [] }), TypeError, /^query\.groups: expected a non-empty array/],
  ["list: selector not an object", list({ groups: ["link"] }), TypeError, /^query\.groups\[0\]: expected an options object, got string/],
  ["list: selector without group", list({ groups: [{ subgroup: "bridge" }] }), TypeError, /^query\.groups\[0\]\.group: required/],
  ["list: selector unknown key", list({ groups: [{ group: "link", dev: "lo" }] }), TypeError, /^query\.groups\[0\]\.dev: unknown option/],
  ["list: group a number", list({ groups: [{ group: 1 }] }), TypeError, /^query\.groups\[0\]\.group: expected a name, got 1/],
  ["list: unknown group", list({ groups: [{ group: "links" }] }), RangeError, /^no group named links found inside top-level/],
  ["list: unknown subgroup (second selector)", list({ groups: [{ group: "link" }, { group: "xstats", subgroup: "vlan" }] }), RangeError, /^no subgroup named vlan found inside xstats/],
  ["list: subgroup inside a leaf", list({ groups: [{ group: "link", subgroup: "x" }] }), RangeError, /^subgroup x requested inside leaf group link/],
  ["list: suite inside a leaf", list({ groups: [{ group: "offload", subgroup: "cpu_hit", suite: "x" }] }), RangeError, /^suite x requested inside leaf subgroup cpu_hit/],
  ["list: suite without subgroup", list({ groups: [{ group: "xstats", suite: "stp" }] }), RangeError, /^subgroup missing before suite/],
  ["get: dev missing", get(undefined), TypeError, /^dev: expected an interface name or index, got undefined/],
  ["get: dev 0", get(0), RangeError, /^dev: /],
  ["get: dev name too long (128 bytes, not even an altname)", get("x".repeat(128)), TypeError, /^dev: "x+" is not a valid interface name/],
  ["get: bad selector", get("lo", { groups: [{ group: "afstats", subgroup: "inet" }] }), RangeError, /^no subgroup named inet found inside afstats/],
  ["setL3Stats: dev object", (s) => s.setL3Stats({} as never, true), TypeError, /^dev: expected an interface name or index/],
  ["setL3Stats: on as a string", (s) => s.setL3Stats("lo", "on" as never), TypeError, /^on: /],
  ["request: negative ifindex", (s) => s.request(-1, []), RangeError, /^ifindex: -1 is out of range/],
];

describe("statistics API refuses bad input before any syscall", () => {
  itRefusesBeforeAnySyscall(CASES, (conn) => [new StatsApi(conn)]);
});
