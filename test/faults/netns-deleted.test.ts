/**
 * Fault: a namespace deleted (`ip netns del` semantics: the name unmounted
 * and removed) while sockets into it are open. Root, throwaway namespaces.
 *
 * What must hold: nothing crashes; opening anything by the old name fails
 * with a clean SyscallError (ENOENT); the open connection and subscription
 * keep working, because a socket holds a reference on its namespace
 * (sk_alloc -> get_net), as does an open NetnsHandle; once the last of them
 * is closed the kernel destroys the namespace, which a watch in a
 * neighbouring namespace sees as its veth peer disappearing; calls on the
 * closed objects throw a plain "closed" error.
 */
import { afterEach, expect, it } from "vitest";
import type { MonitorEvent, ObjectEvent } from "../../lib/monitor/decode-event.ts";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { watch } from "../../lib/monitor/watch.ts";
import { NetnsHandle } from "../../lib/netns/handle.ts";
import { runInNetns } from "../../lib/netns/run.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { expectOriginalNetns, ip, waitFor } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

describeKernel("faults: namespace deleted while open", () => {
  it("open sockets keep working, new opens fail cleanly, and the namespace goes when the last one closes", async () => {
    const a = tempNetns();
    const b = tempNetns();
    try {
      ip(a.name, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b.name);
      ip(a.name, "link", "set", "va", "up");
      const nl = openRtnl({ netns: a.name });
      const sub = subscribe({ netns: a.name, families: ["address"] });
      const handle = NetnsHandle.open(a.name);
      const peerWatch = watch({ netns: b.name, families: ["link"] });
      await Promise.all([sub.ready, peerWatch.ready]);
      const events: MonitorEvent[] = [];
      const loop = (async () => {
        for await (const ev of sub) events.push(ev);
      })();
      const hasVb = () => [...peerWatch.tables.links.values()].some((l) => l.name === "vb");
      expect(hasVb()).toBe(true);

      a.remove(); // `ip netns del`: the name is gone

      for (const open of [() => openRtnl({ netns: a.name }), () => subscribe({ netns: a.name }), () => watch({ netns: a.name }), () => runInNetns(a.name, () => 1)]) {
        let err: unknown;
        try {
          open();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(SyscallError);
        expect((err as SyscallError).code).toBe("ENOENT");
      }

      // still alive through our references
      expect(nl.links.get("va").attrs.ifname).toBe("va");
      nl.addresses.add("va", "192.0.2.1/24");
      await waitFor(() => events.some((e) => e.kind === "new" && (e as ObjectEvent).family === "address"), "the address event from the unnamed namespace");
      const viaHandle = subscribe({ netns: handle, families: ["link"] });
      await viaHandle.ready;
      viaHandle.close();
      await viaHandle.closed;

      // drop every reference: the kernel tears the namespace down, va with it, and so its peer vb
      nl.close();
      sub.close();
      await loop;
      await sub.closed;
      handle.close();
      await waitFor(() => !hasVb(), "the peer in the other namespace to vanish", 10_000);

      expect(() => nl.links.list()).toThrow(/closed/);
      expect(() => handle.fd).toThrow(/closed/);
      expect(await sub.next()).toEqual({ done: true, value: undefined });
      peerWatch.close();
      await peerWatch.closed;
    } finally {
      b.remove();
      a.remove();
    }
  });
});
