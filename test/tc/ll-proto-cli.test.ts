/**
 * Protocol names as tc 6.1 reads and prints them (lib/ll_proto.c: the whole
 * llproto_names table, case-insensitive, "ipv4" and "LLDP" included, numbers
 * as "[N]"). The same u32 filters are added by tc in one namespace and by
 * bun-netlink-tc in its twin; every listing (text, -json, narrowed by a
 * protocol name) equals tc's, and so do the refusals.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const PROTOS = ["LLDP", "ipv4", "IPv6", "0x1234", "802_2", "802_3", "teb", "ppp_ses", "can", "IPX", "aoe", "tipc", "loop", "8021", "802.1ad", "mpls_mc", "ethercat"];

describeKernel("tc protocol names: bun-netlink-tc reads and prints tc's whole ll_proto table", () => {
  it("filters added with every kind of name list as tc lists them", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    PROTOS.forEach((p, i) => {
      const add = `filter add dev v0 ingress protocol ${p} pref ${i + 1} u32 match u32 0 0`.split(" ");
      tc(a.name, add);
    });
    for (const [i, p] of PROTOS.entries()) {
      const add = `filter add dev v0 ingress protocol ${p} pref ${i + 1} u32 match u32 0 0`.split(" ");
      expect(await oursTc(b.name, add), add.join(" ")).toEqual({ code: 0, out: "", err: "" });
    }
    for (const show of ["filter show dev v0 ingress", "-j filter show dev v0 ingress", "filter show dev v0 ingress protocol lldp",
      "filter show dev v0 ingress protocol IPV4", "filter show dev v0 ingress protocol TEB", "filter show dev v0 ingress protocol 0x0060",
      "filter show dev v0 ingress protocol nosuch", "filter add dev v0 ingress protocol nosuch u32 match u32 0 0",
      "filter add dev v0 ingress protocol 0x10000 u32 match u32 0 0"]) {
      expect(await oursTc(b.name, show.split(" ")), show).toEqual(theirsTc(a.name, show.split(" ")));
    }
    const all = theirsTc(a.name, ["filter", "show", "dev", "v0", "ingress"]).out;
    for (const name of ["LLDP", "802_2", "802_3", "teb", "ppp_ses", "can", "ipx", "[4660]", "[8021]", "loop", "ethercat"]) expect(all).toContain(`protocol ${name} `);
  }, 60_000);
});
