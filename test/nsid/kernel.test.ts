/**
 * The nsid API against the real kernel with several throwaway namespaces:
 * ids assigned and read by fd and by pid, the kernel's own choice (auto),
 * the target-nsid listing, the id behind a veth's link-netnsid, and
 * refusals. What we read back must equal `ip -j -n NS netns list-id` and
 * the `link_netnsid` of `ip -j -n NS link show`.
 */
import { expect, it } from "vitest";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { NetnsHandle } from "../../lib/netns/handle.ts";
import { NsidApi } from "../../lib/rtnl/nsid/api.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { processIn, refusal, runIn } from "../helpers/kernel-env.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";

interface Peer {
  ns: TempNetns;
  handle: NetnsHandle;
  api: NsidApi;
  ipj(...args: string[]): unknown;
}

/** `count` throwaway namespaces, each with an open handle and an NsidApi; all removed afterwards. */
async function withPeers(count: number, fn: (peers: Peer[]) => void | Promise<void>): Promise<void> {
  const peers: Peer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const ns = tempNetns();
      const conn = new NetlinkConnection(new KernelTransport(ns.socket()));
      peers.push({
        ns,
        handle: NetnsHandle.fromPath(ns.path),
        api: new NsidApi(conn),
        ipj: (...args) => JSON.parse(runIn("ip", ns.name, ["-j", ...args]) || "[]"),
      });
    }
    await fn(peers);
  } finally {
    for (const p of peers) {
      p.api.conn.close();
      p.handle.close();
      p.ns.remove();
    }
  }
}

const ids = (l: Array<{ nsid: number }>) => l.map((e) => e.nsid).sort((a, b) => a - b);

describeKernel("nsid API against the kernel", () => {
  it("assigns and reads ids by fd; the list equals ip netns list-id, names included", () =>
    withPeers(3, ([a, b, c]) => {
      expect(a!.api.get({ fd: b!.handle.fd })).toBeUndefined();
      expect(a!.api.list()).toEqual([]);
      a!.api.set({ fd: b!.handle.fd }, 7);
      a!.api.set({ fd: c!.handle.fd }, 12);
      expect(a!.api.get({ fd: b!.handle.fd })).toBe(7);
      expect(a!.api.get({ fd: c!.handle.fd })).toBe(12);
      expect(b!.api.get({ fd: a!.handle.fd })).toBeUndefined(); // ids are per namespace
      const ip = a!.ipj("netns", "list-id") as Array<{ nsid: number; name?: string }>;
      expect(ids(a!.api.list())).toEqual(ids(ip));
      expect(Object.fromEntries(ip.map((e) => [e.nsid, e.name]))).toEqual({ 7: b!.ns.name, 12: c!.ns.name });
      // The connection's own namespace never has an id.
      expect(a!.api.get({ fd: a!.handle.fd })).toBeUndefined();
    }));

  it("assigns and reads ids by pid, consistent with the fd view", () =>
    withPeers(2, async ([a, b]) => {
      const p = await processIn(b!.ns);
      try {
        expect(a!.api.get({ pid: p.pid })).toBeUndefined();
        a!.api.set({ pid: p.pid }, 3);
        expect(a!.api.get({ pid: p.pid })).toBe(3);
        expect(a!.api.get({ fd: b!.handle.fd })).toBe(3);
        expect(a!.ipj("netns", "list-id")).toEqual([{ nsid: 3, name: b!.ns.name }]);
      } finally {
        p.kill();
      }
    }));

  it("-1 lets the kernel pick the first free id", () =>
    withPeers(3, ([a, b, c]) => {
      a!.api.set({ fd: b!.handle.fd }, 0);
      a!.api.set({ fd: c!.handle.fd }, -1);
      expect(a!.api.get({ fd: c!.handle.fd })).toBe(1);
      expect(ids(a!.api.list())).toEqual([0, 1]);
    }));

  it("lists another namespace's table with target-nsid, as ip netns list-id target-nsid does", () =>
    withPeers(3, ([a, b, c]) => {
      a!.api.set({ fd: b!.handle.fd }, 7);
      a!.api.set({ fd: c!.handle.fd }, 8);
      b!.api.set({ fd: a!.handle.fd }, 3);
      b!.api.set({ fd: c!.handle.fd }, 4);
      const ours = a!.api.list({ targetNsid: 7 });
      expect(ours.sort((x, y) => x.nsid - y.nsid)).toEqual([{ nsid: 3 }, { nsid: 4, currentNsid: 8 }]);
      const ip = a!.ipj("netns", "list-id", "target-nsid", "7") as Array<Record<string, number>>;
      expect(ip.map((e) => [e.nsid, e["current-nsid"] === -1 ? undefined : e["current-nsid"]]).sort()).toEqual(ours.map((e) => [e.nsid, e.currentNsid]).sort());
    }));

  it("the id a veth peer's link-netnsid refers to is the one get() returns", () =>
    withPeers(2, ([a, b]) => {
      runIn("ip", a!.ns.name, ["link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b!.ns.name]); // throws with ip's stderr on failure
      const link = (a!.ipj("link", "show", "dev", "va") as Array<{ link_netnsid?: number }>)[0]!;
      expect(link.link_netnsid).toBeTypeOf("number");
      expect(a!.api.get({ fd: b!.handle.fd })).toBe(link.link_netnsid);
      expect(ids(a!.api.list())).toEqual([link.link_netnsid]);
    }));

  it("the kernel refuses a second id for a peer, an id already in use, and a bad fd or pid", () =>
    withPeers(3, ([a, b, c]) => {
      a!.api.set({ fd: b!.handle.fd }, 7);
      const again = refusal(() => a!.api.set({ fd: b!.handle.fd }, 8));
      expect(again.code).toBe("EEXIST");
      expect(again.extack.msg).toBe("Peer netns already has a nsid assigned");
      const taken = refusal(() => a!.api.set({ fd: c!.handle.fd }, 7));
      expect(taken.code).toBe("EEXIST");
      expect(taken.extack.msg).toBe("The specified nsid is already used");
      expect(refusal(() => a!.api.get({ fd: 1_000_000 })).extack.msg).toBe("Peer netns reference is invalid");
      expect(refusal(() => a!.api.get({ pid: 0x7ffffff0 })).code).toBe("ESRCH");
      expect(refusal(() => a!.api.list({ targetNsid: 99 })).code).toBe("EINVAL");
    }));
});
