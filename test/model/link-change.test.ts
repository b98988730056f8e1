/**
 * links.change takes every field links.add takes (lib/rtnl/link/input.ts),
 * against the kernel in a throwaway namespace, judged by `ip -j -d link
 * show`: each writable field changed through change() is what ip then
 * reports; a listed link given back unchanged sends nothing (a tracing
 * connection sees no RTM_NEWLINK); fields the kernel fixes at creation are
 * TypeErrors naming the field, before any change request.
 */
import { expect, it } from "vitest";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const RTM_NEWLINK = 16;

const BASE = [
  ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
  ["link", "add", "br0", "type", "bridge"],
];

type IpLink = {
  ifname: string; mtu: number; address: string; txqlen: number; group: string; ifalias?: string; master?: string; flags: string[];
  num_tx_queues: number; linkinfo?: { info_kind: string; info_data?: Record<string, unknown> };
};

describeKernel("links.change: every field links.add takes", () => {
  it("changes name, up, mtu, address, txqlen, group, alias, master and kind options as ip then shows them", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const show = (name: string): IpLink => (ipj("-d", "link", "show", "dev", name) as IpLink[])[0]!;
      const v1 = nl.links.get("v1");
      const got = nl.links.change({
        ...v1, name: "w1", up: true, mtu: 1280, address: "02:00:00:00:aa:01", txqlen: 77, group: 3, alias: "edited", master: nl.links.get("br0").ifindex,
      });
      const ip = show("w1");
      expect(ip).toMatchObject({ ifname: "w1", mtu: 1280, address: "02:00:00:00:aa:01", txqlen: 77, group: "3", ifalias: "edited", master: "br0" });
      expect(ip.flags).toContain("UP");
      expect(got).toMatchObject({ name: "w1", mtu: 1280, address: "02:00:00:00:aa:01", txqlen: 77, group: 3, alias: "edited" });
      expect(nl.links.list().find((l) => l.ifindex === v1.ifindex)).toMatchObject({
        name: "w1", mtu: 1280, address: "02:00:00:00:aa:01", txqlen: 77, group: 3, alias: "edited", master: nl.links.get("br0").ifindex,
      });

      // the flags array alone also says up/down; master absent = nomaster; alias absent = none
      const { master: _m, alias: _a, ...rest } = nl.links.get("w1");
      nl.links.change({ ...rest, flags: rest.flags.filter((f) => f !== "UP") });
      const down = show("w1");
      expect(down.flags).not.toContain("UP");
      expect(down.master).toBeUndefined();
      expect(down.ifalias).toBeUndefined();

      const br = nl.links.change({ ...nl.links.get("br0"), data: { stpState: 1, forwardDelay: 500, priority: 100, mcastSnooping: false } });
      const bd = show("br0").linkinfo!.info_data!;
      expect(bd).toMatchObject({ stp_state: 1, forward_delay: 500, priority: 100, mcast_snooping: 0 });
      expect(br!.attrs.linkinfo?.data).toMatchObject({ stpState: 1, forwardDelay: 500, priority: 100 });
      expect(nl.links.list({ kind: "bridge" })[0]!.attrs.linkinfo?.data).toMatchObject({ stpState: 1, forwardDelay: 500, priority: 100, mcastSnooping: 0 });
    }, { setup: BASE }));

  it("an unchanged listed link (also with its own kind options and queue counts) sends nothing", () =>
    inTempNetns(({ conn }) => {
      const nl = new Rtnl(conn);
      nl.links.change({ ...nl.links.get("br0"), data: { stpState: 1 } });
      const sent: number[] = [];
      const orig = conn.ack.bind(conn);
      conn.ack = ((type: number, ...rest: unknown[]) => (sent.push(type), (orig as (...a: unknown[]) => void)(type, ...rest))) as typeof conn.ack;
      for (const l of nl.links.list()) nl.links.change(l);
      const br = nl.links.get("br0");
      nl.links.change({ ...br, data: { stpState: 1, mcastSnooping: true }, numTxQueues: br.attrs.numTxQueues, kind: "bridge" });
      expect(sent.filter((t) => t === RTM_NEWLINK)).toEqual([]);
    }, { setup: BASE }));

  it("kind, parent link, queue counts and peer are fixed at creation: TypeError naming the field, nothing sent", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const before = ipj("-d", "link", "show");
      const v0 = nl.links.get("v0");
      expect(() => nl.links.change({ ...v0, mtu: 1300, kind: "bridge" })).toThrow(/^kind: /);
      expect(() => nl.links.change({ ...v0, mtu: 1300, numTxQueues: 8 })).toThrow(/^numTxQueues: /);
      expect(() => nl.links.change({ ...v0, mtu: 1300, numRxQueues: 8 })).toThrow(/^numRxQueues: /);
      expect(() => nl.links.change({ ...v0, mtu: 1300, link: 12345 })).toThrow(/^link: /);
      expect(() => nl.links.change({ ...v0, mtu: 1300, peer: { name: "x" } })).toThrow(/^peer: /);
      expect(() => nl.links.change({ ...nl.links.get("lo"), data: { stpState: 1 } })).toThrow(/^data: /);
      expect(() => nl.links.change({ ...v0, data: { stpState: 1 } })).toThrow(/^data: /);
      expect(ipj("-d", "link", "show")).toEqual(before);
    }, { setup: BASE }));
});
