// The planner and the all-or-nothing apply on a fake namespace (no root): dependency order,
// idempotence, rollback at every position, pruning that spares what the kernel derived.
import { describe, expect, it } from "vitest";
import { applyState, planState, StateApplyError, StateDocumentError, type Change, type StateDocument } from "../../lib/state/index.ts";
import { itemName } from "../../lib/state/change.ts";
import { derivedId, emptySnapshot } from "../../lib/state/snapshot.ts";
import { FakeKernel } from "./fake-kernel.ts";

const DOC: StateDocument = {
  version: 1,
  links: [
    { name: "v0", kind: "veth", peer: "v1", master: "br0", up: true },
    { name: "v1", kind: "veth", peer: "v0", mtu: 1400 },
    { name: "br0", kind: "bridge", mtu: 1400, up: true },
  ],
  addresses: [{ dev: "br0", address: "192.0.2.1/24" }, { dev: "v1", address: "2001:db8::1/64", flags: ["nodad"] }],
  routes: [
    { dst: "198.51.100.0/24", gateway: "192.0.2.254" },
    { dst: "203.0.113.0/24", dev: "br0", table: 100 },
    { dst: "192.0.2.128/25", nhid: 3, table: 200 },
  ],
  nexthops: [{ id: 3, group: [{ id: 1 }, { id: 2, weight: 2 }] }, { id: 1, gateway: "192.0.2.2", dev: "br0" }, { id: 2, gateway: "192.0.2.3", dev: "br0" }],
  neighbours: [{ dev: "br0", dst: "192.0.2.9", lladdr: "02:00:00:00:00:09" }],
  rules: [{ family: 4, priority: 100, from: "192.0.2.0/24", table: 100 }],
  sysctls: { "net.ipv4.ip_forward": "1", "net.ipv4.conf.br0.rp_filter": "2" },
};

const pos = (plan: Change[], pred: (c: Change) => boolean): number => plan.findIndex(pred);
const named = (plan: Change[], name: string): number => pos(plan, (c) => itemName(c.section, (c.want ?? c.have)!) === name);

describe("planState", () => {
  it("creates in dependency order", () => {
    const plan = planState(DOC, emptySnapshot());
    const at = (n: string) => { const i = named(plan, n); expect(i, n).toBeGreaterThanOrEqual(0); return i; };
    expect(at("link br0")).toBeLessThan(at("link v0")); // master before port (the pair is one creation)
    expect(named(plan, "link v1")).toBe(-1);
    expect(at("link v0")).toBeLessThan(at("address 192.0.2.1/24 dev br0"));
    expect(at("sysctl net.ipv4.ip_forward")).toBeLessThan(at("link br0"));
    expect(at("link v0")).toBeLessThan(at("sysctl net.ipv4.conf.br0.rp_filter"));
    expect(at("sysctl net.ipv4.conf.br0.rp_filter")).toBeLessThan(at("address 192.0.2.1/24 dev br0"));
    expect(at("address 192.0.2.1/24 dev br0")).toBeLessThan(at("nexthop 1"));
    expect(at("nexthop 2")).toBeLessThan(at("nexthop 3"));
    expect(at("nexthop 3")).toBeLessThan(at("route 192.0.2.128/25 table 200"));
    expect(at("route 203.0.113.0/24 table 100")).toBeLessThan(at("route 198.51.100.0/24"));
    expect(at("route 198.51.100.0/24")).toBeLessThan(at("rule priority 100"));
    // The bridge's MTU is set after its port joined (a bridge follows its ports' MTU until set).
    const mtu = pos(plan, (c) => c.action === "change" && c.fields?.includes("mtu") === true);
    expect(mtu).toBeGreaterThan(at("link v0"));
  });

  it("finds nothing to do once applied, and a changed field as one change", () => {
    const k = new FakeKernel();
    applyState(DOC, { kernel: k });
    expect(planState(DOC, k.snapshot())).toEqual([]);
    const doc2 = structuredClone(DOC);
    doc2.links![1]!.mtu = 9000;
    doc2.routes![0]!.gateway = "192.0.2.253";
    const plan = planState(doc2, k.snapshot());
    expect(plan.map((c) => [c.action, itemName(c.section, c.want!), c.fields])).toEqual([
      ["change", "link v1", ["mtu"]],
      ["change", "route 198.51.100.0/24", ["gateway"]],
    ]);
  });

  it("replaces a link whose kind changes and recreates what was on it", () => {
    const k = new FakeKernel();
    applyState(DOC, { kernel: k });
    const doc2 = structuredClone(DOC);
    doc2.links![2] = { name: "br0", kind: "macvlan", link: "v1", up: true };
    doc2.links![0]!.master = null;
    const plan = planState(doc2, k.snapshot());
    const lines = plan.map((c) => `${c.action} ${itemName(c.section, (c.want ?? c.have)!)}`);
    expect(lines).toContain("replace link br0");
    expect(lines).toContain("delete address 192.0.2.1/24 dev br0");
    expect(lines).toContain("create address 192.0.2.1/24 dev br0");
    expect(lines.indexOf("delete address 192.0.2.1/24 dev br0")).toBeLessThan(lines.indexOf("replace link br0"));
    applyState(doc2, { kernel: k });
    expect(planState(doc2, k.snapshot())).toEqual([]);
  });

  it("prunes what the document lacks, never what the kernel derived, links deleted last, ports first", () => {
    const k = new FakeKernel();
    applyState(DOC, { kernel: k });
    k.snap.links.push({ name: "lo", up: true }, { name: "br9", kind: "bridge" }, { name: "p9", kind: "veth", peer: "q9", master: "br9" }, { name: "q9", kind: "veth", peer: "p9" });
    k.snap.addresses.push({ dev: "lo", address: "127.0.0.1/8" }, { dev: "br0", address: "192.0.2.77/24" });
    k.snap.routes.push({ dst: "192.0.2.0/24", dev: "br0", protocol: "kernel", scope: "link" });
    k.snap.derived.add(derivedId("addresses", "lo 127.0.0.1/8")).add(derivedId("routes", "4 table 254 192.0.2.0/24 tos 0 metric 0")).add(derivedId("links", "lo"));
    expect(planState(DOC, k.snapshot())).toEqual([]);
    const plan = planState(DOC, k.snapshot(), { prune: true });
    expect(plan.map((c) => `${c.action} ${itemName(c.section, (c.want ?? c.have)!)}`)).toEqual([
      "delete address 192.0.2.77/24 dev br0",
      "delete link p9",
      "delete link br9",
    ]);
    applyState(DOC, { kernel: k, prune: true });
    expect(k.snap.links.map((l) => l.name).sort()).toEqual(["br0", "lo", "v0", "v1"]);
    expect(k.snap.addresses.map((a) => a.address)).toContain("127.0.0.1/8");
  });

  it("a link set down: its IPv6 addresses and routes (which the kernel flushes) are deleted first and made again", () => {
    const live = emptySnapshot();
    live.links.push({ name: "v0", kind: "bridge", up: true });
    live.addresses.push({ dev: "v0", address: "2001:db8::1/64" }, { dev: "v0", address: "192.0.2.1/24" });
    live.routes.push({ dst: "198.51.100.0/24", dev: "v0" });
    const doc: StateDocument = { version: 1, links: [{ name: "v0", kind: "bridge", up: false }], addresses: [{ dev: "v0", address: "2001:db8::1/64" }, { dev: "v0", address: "192.0.2.1/24" }] };
    const lines = planState(doc, live, { prune: true }).map((c) => `${c.action} ${itemName(c.section, (c.want ?? c.have)!)}`);
    expect(lines).toEqual([
      "delete route 198.51.100.0/24",
      "delete address 2001:db8::1/64 dev v0",
      "change link v0",
      "create address 2001:db8::1/64 dev v0",
    ]);
  });

  it("refuses references to links neither the document nor the namespace has", () => {
    const doc: StateDocument = { version: 1, addresses: [{ dev: "nope0", address: "192.0.2.1/24" }] };
    expect(() => planState(doc, emptySnapshot())).toThrow(StateDocumentError);
    expect(() => planState(doc, emptySnapshot())).toThrow(/\$\.addresses\[0\]\.dev: no link "nope0"/);
  });
});

describe("applyState on a fake namespace", () => {
  it("dry run changes nothing", () => {
    const k = new FakeKernel();
    const r = applyState(DOC, { kernel: k, dryRun: true });
    expect(r.lines.length).toBeGreaterThan(10);
    expect(k.log).toEqual([]);
  });

  it("a refusal at every position rolls back to exactly the state before", () => {
    const base = new FakeKernel();
    applyState({ version: 1, links: [{ name: "old0", kind: "bridge", up: true }], addresses: [{ dev: "old0", address: "198.51.100.1/24" }], sysctls: { "net.ipv4.ip_forward": "0" } }, { kernel: base });
    const n = planState(DOC, base.snapshot(), { prune: true }).length;
    expect(n).toBeGreaterThan(10);
    for (let i = 0; i < n; i++) {
      const k = new FakeKernel();
      k.snap = base.snapshot();
      const before = JSON.stringify(k.snapshot());
      let seen = 0;
      k.refuse = () => (seen++ === i ? "EINVAL injected" : undefined);
      let err: unknown;
      try {
        applyState(DOC, { kernel: k, prune: true });
      } catch (e) {
        err = e;
      }
      expect(err, `position ${i}`).toBeInstanceOf(StateApplyError);
      const e = err as StateApplyError;
      expect(e.index).toBe(i);
      expect(e.undone).toBe(i);
      expect(e.restored).toBe(true);
      expect(e.message).toContain("EINVAL injected");
      expect(normal(k.snapshot())).toEqual(normal(JSON.parse(before)));
    }
  });
});

/** A snapshot with its lists in a stable order (a rollback may put objects back in another order). */
function normal(s: object): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v) => (Array.isArray(v) ? [...v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : v)));
}
