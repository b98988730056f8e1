/**
 * Fault: forged replies. Another process in the same namespace (python3,
 * root, its own NETLINK_ROUTE socket) unicasts messages to our port id:
 * NLMSG_ERROR "EPERM" answers, RTM_NEWLINK "answers" and NLMSG_DONE for
 * every sequence number our connection is about to use, and a fake
 * RTM_NEWLINK notification to a subscription's port. None may be taken as
 * the kernel's: only datagrams whose sender is the kernel (nl_pid 0 in the
 * source address, which user space cannot fake) count. Root, throwaway
 * namespace.
 */
import { afterEach, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { subscribe } from "../../lib/monitor/subscription.ts";
import type { MonitorEvent, ObjectEvent } from "../../lib/monitor/decode-event.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { expectOriginalNetns, ip, waitFor } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

/**
 * python3 forger: `answers PORT N` sends, for seq 1..N, one datagram holding
 * NLMSG_ERROR(-EPERM), RTM_NEWLINK(ifname forged0) and NLMSG_DONE, all with
 * nlmsg_pid = PORT; `event PORT` sends one RTM_NEWLINK notification. Prints
 * how many datagrams the kernel accepted for delivery.
 */
const FORGER = String.raw`
import socket, struct, sys
mode, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
def msg(typ, flags, seq, payload):
    return struct.pack("=IHHII", 16 + len(payload), typ, flags, seq, port) + payload + b"\0" * ((4 - len(payload) % 4) % 4)
def newlink(seq):
    name = b"forged0\0"
    return msg(16, 0, seq, struct.pack("=BxHiII", 0, 1, 999, 1, 0) + struct.pack("=HH", 4 + len(name), 3) + name)
sent = 0
if mode == "answers":
    for seq in range(1, int(sys.argv[3]) + 1):
        err = msg(2, 0, seq, struct.pack("=i", -1) + struct.pack("=IHHII", 16, 18, 5, seq, port))
        done = msg(3, 2, seq, struct.pack("=i", 0))
        sent += s.sendto(err + newlink(seq) + done, (port, 0)) > 0
else:
    sent += s.sendto(newlink(0), (port, 0)) > 0
print(sent)
`;

function forge(ns: string, ...args: string[]): number {
  const r = spawnSync("ip", ["netns", "exec", ns, "python3", "-c", FORGER, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`forger failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

describeKernel("faults: forged replies", () => {
  it("answers forged to our port id by another socket are ignored; the kernel's answers are used", () =>
    withTempNetns((ns) => {
      ip(ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      using nl = openRtnl({ netns: ns.name });
      expect(forge(ns.name, "answers", String(nl.conn.portId), "100")).toBe(100); // all delivered to our socket
      expect(nl.conn.transport.waitReadable(0)).toBe(true); // and waiting in its queue
      const lo = nl.links.get("lo");
      expect(lo.ifindex).toBe(1);
      expect(lo.attrs.ifname).toBe("lo");
      expect(nl.links.get("v0").attrs.ifname).toBe("v0");
      nl.addresses.add("v0", "192.0.2.1/24"); // a forged EPERM would throw here
      nl.links.set("v0", { up: true });
      const names = nl.links.list().map((l) => l.attrs.ifname);
      expect(names.sort()).toEqual(["lo", "v0", "v1"]);
      expect(nl.addresses.list().some((a) => a.local === "192.0.2.1")).toBe(true);
      expect(names).not.toContain("forged0");
    }));

  it("a notification forged to a subscription's port is not delivered as an event", () =>
    withTempNetns(async (ns) => {
      const sub = subscribe({ netns: ns.name, families: ["link"] });
      await sub.ready;
      const events: MonitorEvent[] = [];
      const loop = (async () => {
        for await (const ev of sub) events.push(ev);
      })();
      expect(forge(ns.name, "event", String(sub.portId))).toBe(1);
      ip(ns.name, "link", "set", "lo", "up"); // a real event after the forged one
      await waitFor(() => events.some((e) => e.kind === "new" && (e as ObjectEvent & { family: "link" }).object.attrs.ifname === "lo"), "the real event");
      await new Promise((r) => setTimeout(r, 100));
      sub.close();
      await loop;
      expect(events.map((e) => (e as ObjectEvent & { family: "link" }).object?.attrs.ifname)).not.toContain("forged0");
      expect(events.every((e) => e.kind === "new" || e.kind === "del")).toBe(true);
      await sub.closed;
    }));
});
