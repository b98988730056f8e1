/**
 * lib/format/address.ts against ip itself: addresses read through the lib
 * (nl.addresses.list(), the model) and rendered by formatAddress must read
 * as `ip -j addr show` and `ip -o addr show` print them, in a throwaway
 * namespace. Lifetimes that count down are compared within a few seconds.
 */
import { expect, it } from "vitest";
import { formatAddress } from "../../lib/format/address.ts";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns, VETH } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const SETUP = [
  VETH,
  ["link", "set", "v0", "up"],
  ["addr", "add", "192.0.2.1/24", "brd", "+", "dev", "v0", "label", "v0:a"],
  ["addr", "add", "198.51.100.1", "peer", "198.51.100.2/32", "dev", "v0", "scope", "link"],
  ["addr", "add", "203.0.113.1/24", "dev", "v0", "valid_lft", "100", "preferred_lft", "50", "metric", "7", "noprefixroute"],
  ["addr", "add", "2001:db8::1/64", "dev", "v0", "nodad"],
  ["addr", "add", "2001:db8:1::1/64", "dev", "v0", "nodad", "preferred_lft", "0"],
];

type Json = Record<string, unknown>;
const LIFETIMES = ["valid_life_time", "preferred_life_time"];

/** The object without countdown lifetimes (kept when forever); those are checked within `slack` seconds. */
function split(o: Json): [Json, number[]] {
  const rest = { ...o };
  const times: number[] = [];
  for (const k of LIFETIMES) {
    const v = rest[k] as number;
    if (v !== 0xffffffff) {
      times.push(v);
      delete rest[k];
    }
  }
  return [rest, times];
}

describeKernel("lib/format addresses", () => {
  it("formatAddress(json) of listed addresses equals ip -j addr show's addr_info elements", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const ifindex = nl.links.index("v0");
      const ours = nl.addresses.list({ link: "v0" }).map((a) => JSON.parse(formatAddress(a, { json: true })) as Json);
      const theirs = ((ipj("addr", "show", "dev", "v0") as Json[])[0]!["addr_info"] as Json[]);
      expect(ours.length).toBe(theirs.length);
      expect(theirs.length).toBeGreaterThanOrEqual(5);
      for (const t of theirs) {
        const o = ours.find((x) => x["local"] === t["local"]);
        expect(o, String(t["local"])).toBeDefined();
        const [or, ot] = split(o!);
        const [tr, tt] = split(t);
        expect(or).toEqual(tr);
        expect(ot.length).toBe(tt.length);
        ot.forEach((v, i) => expect(Math.abs(v - tt[i]!)).toBeLessThanOrEqual(3));
      }
      expect(ifindex).toBeGreaterThan(0);
    }, { setup: SETUP }));

  it("formatAddress(text, oneline) of addresses that never expire equals ip -o addr show's lines", () =>
    inTempNetns(({ conn, ip }) => {
      const nl = new Rtnl(conn);
      const devName = (i: number) => (i === nl.links.index("v0") ? "v0" : String(i));
      const lines = ip("-o", "addr", "show", "dev", "v0").split("\n").filter((l) => l.includes("forever preferred_lft forever"));
      expect(lines.length).toBeGreaterThanOrEqual(3);
      const ours = nl.addresses.list({ link: "v0" }).map((a) => formatAddress(a, { oneline: true, devName }).replace(/\n$/, ""));
      for (const l of lines) expect(ours).toContain(l);
    }, { setup: SETUP }));
});
