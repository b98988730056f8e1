/**
 * Faults: receive timeouts and late replies, end to end through openRtnl
 * over a real kernel socket (root, throwaway namespace).
 *
 * - A request the kernel never answers (RTM_SETLINK without NLM_F_ACK
 *   succeeds silently) ends in NetlinkTimeoutError (code ETIMEDOUT) after
 *   `timeoutMs`, and the same connection keeps working.
 * - A reply that arrives after its request timed out (held back by the
 *   transport here, then released) is not taken as the answer to the next
 *   request.
 * - A real kernel reply to an earlier request that nobody read (sent with
 *   another sequence number) is skipped.
 */
import { afterEach, expect, it } from "vitest";
import { NLM_F_REQUEST } from "../../codecs/core/constants.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { linkMessage, linkRequest } from "../../codecs/link/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkTimeoutError } from "../../lib/conn/errors.ts";
import { openSocketInNetns } from "../../lib/netns/run.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { expectOriginalNetns, ip } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

/** A kernel transport that, while `holding`, hides every answer (as a slow peer would) and releases them later. */
class HoldingTransport extends KernelTransport {
  holding = false;
  readonly held: Uint8Array[] = [];
  override send(data: Uint8Array): void {
    super.send(data);
    if (this.holding) while (super.waitReadable(0)) this.held.push(super.recv()!.slice());
  }
  override waitReadable(timeoutMs: number): boolean {
    if (this.holding) return false;
    return this.held.length > 0 || super.waitReadable(timeoutMs);
  }
  override recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    return this.held.shift() ?? super.recv(opts);
  }
}

describeKernel("faults: timeouts and late replies", () => {
  it("no answer within timeoutMs: NetlinkTimeoutError, and the connection stays usable", () =>
    withTempNetns((ns) => {
      using nl = openRtnl({ netns: ns.name, timeoutMs: 200 });
      const silent = { family: 0, type: 0, index: 1, flags: [], change: 0, attrs: {} };
      const t0 = performance.now();
      let err: unknown;
      try {
        nl.conn.get(RTM.SETLINK, linkRequest, silent, linkMessage); // succeeds without a reply
      } catch (e) {
        err = e;
      }
      const waited = performance.now() - t0;
      expect(err).toBeInstanceOf(NetlinkTimeoutError);
      expect((err as NetlinkTimeoutError).code).toBe("ETIMEDOUT");
      expect((err as NetlinkTimeoutError).request.typeName).toBe("RTM_SETLINK");
      expect(waited).toBeGreaterThanOrEqual(190);
      expect(waited).toBeLessThan(2000);
      expect(nl.links.get("lo").attrs.ifname).toBe("lo");
      nl.links.set("lo", { up: true });
      expect(nl.links.get("lo").flags).toContain("UP");
    }));

  it("a reply that arrives after its request timed out is not taken as the next request's answer", () =>
    withTempNetns((ns) => {
      ip(ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      const t = new HoldingTransport(openSocketInNetns(ns.path, 0));
      using nl = openRtnl({ transport: t, timeoutMs: 100 });
      const v0 = nl.links.get("v0").ifindex;
      t.holding = true;
      expect(() => nl.links.get("v0")).toThrow(NetlinkTimeoutError);
      expect(() => nl.addresses.add(v0, "192.0.2.1/24")).toThrow(NetlinkTimeoutError); // its echo and its ACK are held too
      expect(t.held.length).toBe(3);
      t.holding = false; // the late answers now come first
      const lo = nl.links.get("lo");
      expect(lo.attrs.ifname).toBe("lo");
      expect(t.held.length).toBe(0); // consumed and dropped on the way
      expect(nl.links.get("v1").attrs.ifname).toBe("v1");
      expect(nl.addresses.list().filter((a) => a.family === "inet").map((a) => a.local)).toEqual(["192.0.2.1"]); // the timed-out add did happen
    }));

  it("a queued kernel reply to an earlier, unread request is skipped", () =>
    withTempNetns((ns) => {
      ip(ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      using nl = openRtnl({ netns: ns.name });
      const v0 = nl.links.get("v0").ifindex;
      const w = new NlWriter(256);
      for (const seq of [0x7ffffff0, 0x7ffffff1]) {
        w.reset();
        const start = w.beginMessage(RTM.GETLINK, NLM_F_REQUEST, seq, 0);
        linkRequest.encode(w, { family: 0, type: 0, index: v0, flags: [], change: 0, attrs: {} });
        w.endMessage(start);
        nl.conn.transport.send(w.view()); // answered by the kernel, never read
      }
      expect(nl.conn.transport.waitReadable(0)).toBe(true);
      expect(nl.links.get("lo").attrs.ifname).toBe("lo");
      expect(nl.links.get(v0).attrs.ifname).toBe("v0");
      expect(nl.links.list().map((l) => l.attrs.ifname).sort()).toEqual(["lo", "v0", "v1"]);
    }));
});
