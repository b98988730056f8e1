/**
 * `ip -N` (-Numeric: route protocols, scopes, tables, types, realms,
 * dsfields, link groups and types, IP protocols as numbers, as rt_names.c
 * and its kin print them while `numeric` is set) and `ip -br neigh`
 * (print_neigh_brief's columns), compared with ip 6.1's output and status
 * in one namespace; a command without -N after one with it prints names
 * again (the option holds for its own command line).
 */
import { it } from "vitest";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { expectSame, ipOk, noDad } from "./helpers.ts";

const SETUP = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up", "link set v1 group 5",
  "addr add 192.0.2.1/24 dev v0", "addr add 198.51.100.1/24 dev v0 scope link", "addr add 2001:db8::1/64 dev v0 nodad",
  "route add 198.18.0.0/16 via 192.0.2.2 proto static", "route add 198.18.5.0/24 via 192.0.2.3 metric 5 table 7 proto 42",
  "route add blackhole 198.18.9.0/24 tos 0x10", "route add unreachable 203.0.113.0/24 proto bird", "route add 198.18.7.0/24 dev v0 realms 3/4",
  "rule add from 198.51.100.0/24 table 7 pref 100", "rule add ipproto tcp dport 80 table main pref 101", "rule add tos 0x10 table local pref 102",
  "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0", "neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev v0 nud reachable",
  "neigh add proxy 192.0.2.77 dev v0",
];

const NUMERIC = [
  "-N route", "-N route show table all", "-N -6 route show table all", "-N -j route show table all", "-N route get 198.18.5.7",
  "-N rule", "-N -j rule", "-N addr", "-N -j addr", "-N -o addr", "-N link", "-N -d link", "-N -j link", "-N -br link", "-N -s link",
  "-N neigh", "-N route show proto 42", "route show table all", "rule", "link",
];

const BRIEF = [
  "-br neigh", "-br -j neigh", "-br -j -p neigh", "-br neigh show dev v0", "-br -6 neigh", "-br neigh show proxy", "-br -s neigh",
  "-br -o neigh", "-br neigh get 192.0.2.9 dev v0", "neigh",
];

describeKernel("ip -N and ip -br neigh, as ip prints them", () => {
  it("-N prints numbers where ip's name tables would print names", async () => {
    using ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
    for (const c of NUMERIC) await expectSame(["-n", ns.name, ...c.split(" ")], c);
  });

  it("-br neigh prints print_neigh_brief's columns (text, -json, dev filter, proxies)", async () => {
    using ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], SETUP.join("\n") + "\n");
    for (const c of BRIEF) await expectSame(["-n", ns.name, ...c.split(" ")], c);
  });
});
