/**
 * The RTM_NEWNEXTHOP / RTM_DELNEXTHOP / RTM_GETNEXTHOP requests NexthopApi
 * sends equal, byte for byte (nlmsg_seq and nlmsg_pid zeroed), what
 * iproute2 6.1 sends for the same `ip nexthop`
 * command, captured by `sudo bun fixtures/nexthop/iproute2-captures.ts`
 * (v0 = 10). The dump request of `ip nexthop show` (sent with sendto) was
 * transcribed from strace.
 */
import { describe, expect, it } from "vitest";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { CAPTURES, LINKS } from "../../fixtures/nexthop/iproute2-captures.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { describeIproute2Bytes, messagesOf } from "../helpers/iproute2-bytes.ts";

const CALLS: Record<string, (n: NexthopApi) => unknown> = {
  "nexthop-add-gw": (n) => n.add({ id: 20, gateway: "192.0.2.4", dev: "v0" }),
  "nexthop-add-onlink-proto": (n) => n.add({ id: 21, gateway: "198.51.100.1", dev: "v0", onlink: true, protocol: "static" }),
  "nexthop-add-v6": (n) => n.add({ id: 22, gateway: "2001:db8::2", dev: "v0" }),
  "nexthop-add-dev": (n) => n.add({ id: 23, dev: "v0" }),
  "nexthop-add-blackhole": (n) => n.add({ id: 24, blackhole: true }),
  "nexthop-add-blackhole-v6": (n) => n.add({ id: 25, blackhole: true, family: 6 }),
  "nexthop-add-fdb": (n) => n.add({ id: 26, gateway: "192.0.2.7", fdb: true }),
  "nexthop-add-group": (n) => n.add({ id: 30, group: [{ id: 1 }, { id: 2, weight: 3 }] }),
  "nexthop-add-group-weights": (n) => n.add({ id: 31, group: [{ id: 1, weight: 200 }, { id: 2, weight: 56 }] }),
  "nexthop-add-resilient": (n) => n.add({ id: 32, group: [{ id: 1 }, { id: 2 }], groupType: "resilient", resilient: { buckets: 8, idleTimer: 10, unbalancedTimer: 20 } }),
  "nexthop-add-seg6": (n) => n.add({ id: 33, encap: { type: "seg6", mode: "encap", segments: ["2001:db8::9"] }, gateway: "2001:db8::2", dev: "v0" }),
  "nexthop-replace": (n) => n.replace({ id: 1, gateway: "192.0.2.9", dev: "v0" }),
  "nexthop-del": (n) => n.delete(2),
  "nexthop-get": (n) => n.get(1),
};

const NEXTHOP_TYPES = [RTM.NEWNEXTHOP, RTM.DELNEXTHOP, RTM.GETNEXTHOP];

describeIproute2Bytes("nexthop requests equal iproute2's (strace captures)", {
  captures: CAPTURES, calls: CALLS, api: (c) => new NexthopApi(c), types: NEXTHOP_TYPES, links: LINKS,
});

describe("nexthop dump requests equal iproute2's (transcribed)", () => {
  it("ip nexthop show: an all-zero nhmsg dump request", () => {
    const { conn, kernel } = fakeConn({ links: LINKS });
    new NexthopApi(conn).list();
    expect(normalisedHex(messagesOf(kernel.sent, NEXTHOP_TYPES)[0]!)).toBe("180000006a000103000000000000000000000000" + "00000000");
  });
});
