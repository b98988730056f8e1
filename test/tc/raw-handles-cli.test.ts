/**
 * `tc -raw` listings (show_raw) live in twin namespaces against tc 6.1:
 * a qdisc's handle followed by "[%08x]" (print_qdisc), a u32 filter's
 * handle and link followed by theirs (sprint_u32_handle), for filters in
 * the default and in a made hash table, text, -s, -j and -p.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { ip, tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const SETUP = [
  "qdisc add dev v0 root handle 1: htb",
  "filter add dev v0 parent 1: protocol ip prio 1 handle 2: u32 divisor 4",
  "filter add dev v0 parent 1: protocol ip prio 1 u32 ht 2:1: match ip src 192.0.2.1/32 classid 1:1",
  "filter add dev v0 parent 1: protocol ip prio 1 u32 link 2: hashkey mask 0x000000ff at 12 match ip dst 198.51.100.0/24",
  "filter add dev v0 parent 1: protocol ip prio 2 u32 match u32 0 0 classid 1:2",
  "qdisc add dev v1 root handle 8001: pfifo",
];
const SHOWS = [
  "-raw filter show dev v0", "-raw -s filter show dev v0", "-raw -j filter show dev v0", "-raw -p filter show dev v0",
  "-raw qdisc show", "-raw -j qdisc show dev v0", "-raw -d qdisc show dev v1", "-raw class show dev v0",
];

describeKernel("bun-netlink-tc -raw listings: as tc 6.1", () => {
  it("qdisc and u32 handles carry their hex form", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    // links down: no packet moves the counters the listings print
    for (const ns of [a.name, b.name]) {
      for (const d of ["v0", "v1"]) ip(ns, ["link", "set", d, "down"]);
      for (const l of SETUP) tc(ns, l.split(" "));
    }
    for (const s of SHOWS) expect(await oursTc(b.name, s.split(" ")), s).toEqual(theirsTc(a.name, s.split(" ")));
    // what was compared is tc's real output
    expect(theirsTc(a.name, SHOWS[0]!.split(" ")).out).toContain("fh 800::800[80000800]");
    expect(theirsTc(a.name, SHOWS[0]!.split(" ")).out).toContain("link 2:[00200000]");
    expect(theirsTc(a.name, ["-raw", "qdisc", "show", "dev", "v1"]).out).toContain("qdisc pfifo 8001:[80010000] root");
  }, 60_000);
});
