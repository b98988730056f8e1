// Rollback and the kernel's own side effects, on a fake namespace (no root): the repair pass puts back
// what the kernel takes along during an undo (found by the kernel test's seeds 815568210 and
// 815568223), and a bridge whose MTU follows its ports keeps the document's MTU (seed 815568214).
import { describe, expect, it } from "vitest";
import { applyState, planState, StateApplyError, type Change, type StateDocument } from "../../lib/state/index.ts";
import { emptySnapshot } from "../../lib/state/snapshot.ts";
import type { LinkState, NexthopState } from "../../lib/state/types.ts";
import { FakeKernel } from "./fake-kernel.ts";

/** A FakeKernel that, like the kernel, flushes a link's IPv6 addresses and nexthops (and their places in groups) when it is set down. */
class FlushingKernel extends FakeKernel {
  override apply(changes: readonly Change[]) {
    const out = super.apply(changes);
    for (const i of out.applied) {
      const c = changes[i]!;
      if (c.section !== "links" || c.action !== "change" || !c.fields?.includes("up") || (c.want as LinkState).up !== false) continue;
      const dev = (c.want as LinkState).name;
      this.snap.addresses = this.snap.addresses.filter((a) => a.dev !== dev || !a.address.includes(":"));
      const gone = new Set(this.snap.nexthops.filter((n) => n.dev === dev).map((n) => n.id));
      this.snap.nexthops = this.snap.nexthops
        .filter((n) => !gone.has(n.id))
        .map((n): NexthopState => (n.group === undefined ? n : { ...n, group: n.group.filter((m) => !gone.has(m.id)) }))
        .filter((n) => n.group === undefined || n.group.length > 0);
    }
    return out;
  }
}

function refusedApply(k: FakeKernel, doc: StateDocument, opts: { prune?: boolean } = {}): StateApplyError {
  try {
    applyState(doc, { kernel: k, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(StateApplyError);
    return e as StateApplyError;
  }
  throw new Error("expected a refusal");
}

describe("rollback repairs what the kernel took along", () => {
  it("a link brought up and set down again by the undo gets back the IPv6 address it had while down", () => {
    const k = new FlushingKernel();
    k.snap.links.push({ name: "b0", kind: "bridge", up: false });
    k.snap.addresses.push({ dev: "b0", address: "2001:db8:2::1/64", flags: ["nodad"] });
    const before = structuredClone(k.snap);
    k.refuse = (c) => (c.section === "routes" ? "ENETUNREACH injected" : undefined);
    const doc: StateDocument = { version: 1, links: [{ name: "b0", kind: "bridge", up: true }], addresses: [{ dev: "b0", address: "2001:db8:2::1/64", flags: ["nodad"] }], routes: [{ dst: "203.0.113.0/24", dev: "b0" }] };
    const e = refusedApply(k, doc);
    expect(e.restored).toBe(true);
    expect(e.undoErrors).toEqual([]);
    expect(k.snap.addresses).toEqual(before.addresses);
    expect(k.snap.links).toEqual(before.links);
  });

  it("a group whose member the undo flushed with a link set down is made again", () => {
    const k = new FlushingKernel();
    k.snap.links.push({ name: "a0", kind: "bridge", up: true }, { name: "b1", kind: "bridge", up: false });
    k.snap.nexthops.push({ id: 1, gateway: "192.0.2.9", dev: "a0" }, { id: 2, gateway: "192.0.2.10", dev: "a0" }, { id: 50, group: [{ id: 1 }, { id: 2, weight: 4 }] });
    const before = structuredClone(k.snap);
    // Moving nexthop 1 back to a0 is refused on the first undo pass (as when its gateway's address is restored later),
    // so the link b1 goes down first and flushes it, with its place in group 50.
    let firstUndo = true;
    k.refuse = (c) => {
      if (c.section === "routes") return "ENETUNREACH injected";
      if (c.undo && c.section === "nexthops" && (c.want as NexthopState).id === 1 && firstUndo) { firstUndo = false; return "ENETUNREACH not yet"; }
      return undefined;
    };
    const doc: StateDocument = {
      version: 1,
      links: [{ name: "b1", kind: "bridge", up: true }],
      nexthops: [{ id: 1, gateway: "192.0.2.98", dev: "b1" }],
      routes: [{ dst: "203.0.113.0/24", dev: "b1" }],
    };
    const e = refusedApply(k, doc);
    expect(e.restored, e.message).toBe(true);
    expect([...k.snap.nexthops].sort((x, y) => x.id - y.id)).toEqual(before.nexthops);
  });
});

describe("a bridge that follows its ports' MTU", () => {
  const live = () => {
    const s = emptySnapshot();
    s.links.push({ name: "br0", kind: "bridge", mtu: 1280, up: true }, { name: "a0", kind: "veth", peer: "b0", mtu: 1280, master: "br0" },
      { name: "b0", kind: "veth", peer: "a0", mtu: 1280 }, { name: "a1", kind: "veth", peer: "b1", mtu: 1500, master: "br0" }, { name: "b1", kind: "veth", peer: "a1", mtu: 1500 });
    return s;
  };
  const lines = (doc: StateDocument) => planState(doc, live(), { prune: true }).map((c) => `${c.action} ${c.section} ${((c.want ?? c.have) as LinkState).name}: ${c.fields?.join(",")}${c.note ? ` (${c.note})` : ""}`);
  const links = (masters: Record<string, string | null>): StateDocument => ({
    version: 1,
    links: live().links.map((l) => ({ ...l, master: masters[l.name] ?? null })),
  });

  it("keeps the document's MTU when its ports leave (it would follow them to 1500)", () => {
    expect(lines(links({}))).toEqual([
      "change links a0: master",
      "change links a1: master",
      "change links br0: mtu (kept while its ports change (they would take it to 1500))",
    ]);
  });

  it("changes nothing more when the ports that stay keep it where the document wants it", () => {
    expect(lines(links({ a0: "br0" }))).toEqual(["change links a1: master"]);
  });
});

describe("prune describes a route completely", () => {
  it("a route the document gives without a gateway loses the gateway it has (found by seed 271835)", () => {
    const live = emptySnapshot();
    live.links.push({ name: "br0", kind: "bridge", up: true });
    live.routes.push({ dst: "198.51.100.16/28", table: 100, gateway: "198.18.2.254", dev: "br0" });
    const doc: StateDocument = { version: 1, links: [{ name: "br0", kind: "bridge", up: true }], routes: [{ dst: "198.51.100.16/28", table: 100, dev: "br0" }] };
    expect(planState(doc, live).map((c) => c.action)).toEqual([]);
    const plan = planState(doc, live, { prune: true });
    expect(plan.map((c) => [c.action, c.fields])).toEqual([["change", ["gateway"]]]);
  });
});
