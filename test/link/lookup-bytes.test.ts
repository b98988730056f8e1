/**
 * LinkApi.lookup and the CLI's link-name cache (cli/link-names.ts, which
 * calls the same lib function, lib/rtnl/shared/link-ref.ts lookupLink) send
 * ip 6.1's ll_link_get request byte for byte: captured with strace from
 * `ip route show dev v0` (a name) and `ip route show` (an index, to print a
 * route's dev), compared with nlmsg_seq/pid zeroed. Against the kernel,
 * lookup finds what `ip -j link show` reports and null for a missing link.
 */
import { expect, it } from "vitest";
import { captureIp } from "../../fixtures/strace.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import type { Ctx } from "../../cli/context.ts";
import { LinkNames } from "../../cli/link-names.ts";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeConn, NoSyscallTransport, normalisedHex } from "../helpers/fake-kernel.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";

const RTM_GETLINK = 18;
const SETUP = [
  ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
  ["link", "set", "v0", "up"],
  ["addr", "add", "192.0.2.1/24", "dev", "v0"],
];

/** ip's RTM_GETLINK messages of `args` run in a scratch namespace after SETUP (ifindex of v0: 3, as `ip link` gives it there). */
function ipGetlinks(args: string[]): string[] {
  const cap = captureIp(args, { setup: SETUP });
  expect(cap.status, cap.stderr).toBe(0);
  return messagesOf(cap.requests.map((h) => fromHex(h)), [RTM_GETLINK]).map(normalisedHex);
}

/** Our RTM_GETLINK messages for `fn` over the fake kernel. */
function ours(fn: (api: LinkApi, names: LinkNames) => unknown): string[] {
  const { conn, kernel } = fakeConn({ links: { lo: 1, v1: 2, v0: 3 } });
  fn(new LinkApi(conn), new LinkNames({ lookupConn: conn } as unknown as Ctx));
  return messagesOf(kernel.sent, [RTM_GETLINK]).map(normalisedHex);
}

describeKernel("link lookup: ip's ll_link_get bytes", () => {
  it("by name (ip route show dev v0) and by index (ip route show)", () => {
    const byName = ipGetlinks(["route", "show", "dev", "v0"]);
    expect(byName.length).toBeGreaterThan(0);
    expect(ours((api) => api.lookup("v0"))).toEqual([byName[0]]);
    expect(ours((_api, names) => names.indexOf("v0"))).toEqual([byName[0]]);
    const byIndex = ipGetlinks(["route", "show"]);
    expect(byIndex.length).toBeGreaterThan(0);
    const v0 = Number.parseInt(byIndex[0]!.slice(40, 48).match(/../g)!.reverse().join(""), 16);
    expect(ours((api) => api.lookup(v0))).toEqual([byIndex[0]]);
    expect(ours((_api, names) => names.nameOf(v0))).toEqual([byIndex[0]]);
  });

  it("finds what ip reports, null for a missing link, TypeError before any request for bad input", () =>
    inTempNetns(({ conn, ipj }) => {
      const api = new LinkApi(conn);
      const ip = (ipj("link", "show", "dev", "v0") as Array<{ ifindex: number; ifname: string; flags: string[] }>)[0]!;
      expect(api.lookup("v0")).toEqual({ index: ip.ifindex, name: "v0", up: ip.flags.includes("UP") });
      expect(api.lookup(ip.ifindex)).toEqual({ index: ip.ifindex, name: "v0", up: true });
      expect(api.lookup("nosuch")).toBeNull();
      expect(api.lookup(99999)).toBeNull();
      const guarded = new LinkApi(new NetlinkConnection(new NoSyscallTransport()));
      expect(() => guarded.lookup(-1)).toThrow(RangeError);
      expect(() => guarded.lookup("a/b")).toThrow(/link/);
      expect(() => guarded.lookup({} as unknown as string)).toThrow(TypeError);
    }, { setup: SETUP }));
});
