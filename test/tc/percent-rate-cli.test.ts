/**
 * Rates given as a percentage of the link's speed (tc_util.c
 * get_percent_rate64: read_prop(dev, "speed"), parse_percent_rate) in tbf
 * and htb lines, run live in twin namespaces against tc 6.1: the speed is
 * the namespace's own (veth 10000 Mbit/s; ifb and lo have none: read_prop's
 * messages), the accepted forms ("5%x" is 5%) and refusals (above 100%,
 * malformed), then the same listings.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { hasIfb, tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const LINES = [
  "qdisc add dev v1 root handle 5: tbf rate 10% burst 10k latency 1ms",
  "qdisc del dev v1 root",
  "qdisc add dev v1 root handle 5: tbf rate 1mbit peakrate 50.5% mtu 2k burst 10k latency 1ms",
  "-d qdisc show dev v1",
  "qdisc del dev v1 root",
  "qdisc add dev v1 root tbf rate 101% burst 10k latency 1ms",
  "qdisc add dev v1 root tbf rate x% burst 10k latency 1ms",
  "qdisc add dev v1 root tbf rate 1.2.3% burst 10k latency 1ms",
  "qdisc add dev v1 root tbf rate % burst 10k latency 1ms",
  "qdisc add dev v1 root handle 6: tbf rate 5%x burst 10k latency 1ms",
  "qdisc add dev ifb0x root tbf rate 10% burst 10k latency 1ms",
  "qdisc add dev lo root tbf rate 10% burst 10k latency 1ms",
  "qdisc add dev v0 root handle 1: htb",
  "class add dev v0 parent 1: classid 1:1 htb rate 10% ceil 20%",
  "class add dev v0 parent 1: classid 1:2 htb rate 1mbit ceil 200%",
  "class add dev ifb0x parent 1: classid 1:2 htb rate 1%",
  "-d class show dev v0",
];

describeKernel("bun-netlink-tc rates in percent of the link's speed: as tc 6.1", () => {
  it("every line prints the same and exits the same", async () => {
    const ifb = hasIfb();
    using a = tcNetns(ifb);
    using b = tcNetns(ifb);
    for (const l of LINES.filter((x) => ifb || !x.includes("ifb0x"))) expect(await oursTc(b.name, l.split(" ")), l).toEqual(theirsTc(a.name, l.split(" ")));
    expect(tc(b.name, ["-d", "qdisc", "show", "dev", "v1"])).toBe(tc(a.name, ["-d", "qdisc", "show", "dev", "v1"]));
    // what was compared is tc's real behaviour
    expect(theirsTc(a.name, LINES[5]!.split(" ")).err).toBe('Invalid rate specified; should be between [0,100]% but is 101%\ntbf: illegal value for "rate": "101%"\n');
    expect(tc(a.name, ["qdisc", "show", "dev", "v1"])).toContain("rate 500Mbit");
  }, 60_000);
});
