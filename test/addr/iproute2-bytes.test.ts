/**
 * The RTM_NEWADDR / RTM_DELADDR requests AddressApi sends equal, byte for
 * byte (nlmsg_seq and nlmsg_pid zeroed), what iproute2 sends for the same
 * command. The iproute2 side is captured with strace by
 * `sudo bun fixtures/addr/iproute2-captures.ts` (fixtures/addr/iproute2/,
 * link v0 = ifindex 10); only the address message is compared, not ip's
 * preceding RTM_GETLINK for the name.
 */
import { describe, expect, it } from "vitest";
import { RTM } from "../../codecs/rtnetlink.ts";
import { AddressApi } from "../../lib/rtnl/address/api.ts";
import { CAPTURES, LINKS, readAddrCapture } from "../../fixtures/addr/iproute2-captures.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

/** The API call made for each capture (same name), with v0 by name or by index 10. */
const CALLS: Record<string, (api: AddressApi) => void> = {
  "addr-add-v4": (a) => a.add("v0", "192.0.2.1/24"),
  "addr-add-v4-host": (a) => a.add(10, "192.0.2.1"),
  "addr-add-v4-brd-label": (a) => a.add("v0", "192.0.2.2/24", { broadcast: "+", label: "v0:a" }),
  "addr-add-v4-all": (a) => a.add(10, "203.0.113.3/24", { broadcast: "203.0.113.127", label: "v0:b", metric: 5, flags: ["noprefixroute"], validLft: 600, preferredLft: 300, scope: "link" }),
  "addr-add-v4-brd-30": (a) => a.add("v0", "198.51.100.77/30", { broadcast: "+" }),
  "addr-add-v4-brd-31": (a) => a.add("v0", "203.0.113.200/31", { broadcast: "+" }),
  "addr-add-v4-peer": (a) => a.add("v0", "198.51.100.1", { peer: "198.51.100.2/32" }),
  "addr-add-v4-peer-brd": (a) => a.add("v0", "198.51.100.1", { peer: "198.51.100.64/26", broadcast: "+" }),
  "addr-add-v4-loopback": (a) => a.add("v0", "127.0.0.5/8"),
  "addr-add-v4-scope-num": (a) => a.add("v0", "192.0.2.9/24", { scope: 200 }),
  "addr-add-v6": (a) => a.add("v0", "2001:db8::1/64"),
  "addr-add-v6-nodad-lft": (a) => a.add("v0", "2001:db8::1/64", { flags: ["nodad"], validLft: 100, preferredLft: 50 }),
  "addr-add-v6-noprefixroute": (a) => a.add("v0", "2001:db8::5/64", { flags: ["noprefixroute"] }),
  "addr-add-v6-flags-lft": (a) => a.add("v0", "2001:db8::6/64", { flags: ["nodad", "noprefixroute", "mngtmpaddr"], validLft: 600, preferredLft: 300 }),
  "addr-add-v6-optimistic-home": (a) => a.add("v0", "2001:db8::7/64", { flags: ["optimistic", "home"], validLft: "forever", preferredLft: 0 }),
  "addr-add-v6-peer-metric": (a) => a.add("v0", "2001:db8::8", { peer: "2001:db8::9/128", metric: 300 }),
  "addr-replace-v4-metric": (a) => a.replace("v0", "192.0.2.1/24", { metric: 9 }),
  "addr-replace-v6-lft": (a) => a.replace("v0", "2001:db8::1/64", { flags: ["nodad"], validLft: 900, preferredLft: 900 }),
  "addr-del-v4": (a) => a.delete("v0", "192.0.2.1/24"),
  "addr-del-v4-wildcard": (a) => a.delete("v0", "198.51.100.1"),
  "addr-del-v6": (a) => a.delete(10, "2001:db8::1/64"),
  "addr-del-missing": (a) => a.delete("v0", "203.0.113.77/24"),
};

describeIproute2Bytes("address requests equal iproute2's (strace captures)", {
  captures: CAPTURES, calls: CALLS, api: (c) => new AddressApi(c), types: [RTM.NEWADDR, RTM.DELADDR], links: LINKS, read: readAddrCapture,
});

describe("address requests: name lookups", () => {
  it("looks a link name up with one RTM_GETLINK, never a dump", () => {
    const { conn, kernel } = fakeConn({ links: { v0: 10 } });
    new AddressApi(conn).add("v0", "192.0.2.1/24", {}, { echo: false }); // ip addr add's flags; add() alone also asks for the echo
    expect(kernel.sent.map((d) => [d[4], new DataView(d.buffer, d.byteOffset).getUint16(6, true)])).toEqual([
      [RTM.GETLINK, 0x005],
      [RTM.NEWADDR, 0x605],
    ]);
  });
});
