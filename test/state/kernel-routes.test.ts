// Routes and addresses through the state engine on the kernel, checked with `ip -j`:
// - IPv6 routes of one prefix and metric on two devices are two routes for the kernel (ip -6 route
//   append keeps both; ip -6 route add refuses the second with EEXIST): the planner keeps them apart,
//   creates, changes and prunes exactly the one meant, and a rollback restores both;
// - runs of addresses and routes go pipelined: a refusal in the middle of a window, after which the
//   kernel still made the rest of the window, is rolled back exactly.
import { expect, it } from "vitest";
import { applyState, planState, StateApplyError, openStateKernel, type StateDocument } from "../../lib/state/index.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { ipOk, noDad } from "../cli/helpers.ts";
import { ipDump } from "./ip-dump.ts";
import { waitCarrierSettled } from "../helpers/carrier.ts";

const routes6 = (ns: string): Array<Record<string, unknown>> =>
  (JSON.parse(ipOk(["-n", ns, "-j", "-6", "route", "show", "2001:db8:ff::/48"])) as Array<Record<string, unknown>>)
    .map(({ dst, dev, metric, protocol }) => ({ dst, dev, metric, protocol }))
    .sort((a, b) => String(a.dev).localeCompare(String(b.dev)));

describeKernel("state: IPv6 routes of one prefix and metric on two devices", () => {
  it("are two routes: created, changed, pruned and rolled back one by one", () => {
    using ns = tempNetns();
    noDad(ns.name);
    const doc: StateDocument = {
      version: 1,
      links: [
        { name: "a0", kind: "veth", peer: "b0", up: true }, { name: "b0", kind: "veth", peer: "a0", up: true },
        { name: "a1", kind: "veth", peer: "b1", up: true }, { name: "b1", kind: "veth", peer: "a1", up: true },
      ],
      routes: [{ dst: "2001:db8:ff::/48", dev: "a0" }, { dst: "2001:db8:ff::/48", dev: "a1" }],
    };
    applyState(doc, { netns: ns.name });
    expect(routes6(ns.name)).toEqual([
      { dst: "2001:db8:ff::/48", dev: "a0", metric: 1024, protocol: undefined },
      { dst: "2001:db8:ff::/48", dev: "a1", metric: 1024, protocol: undefined },
    ]);
    expect(applyState(doc, { netns: ns.name }).lines).toEqual([]);

    // A change of one of them is that one's replacement (NLM_F_REPLACE would take the first of the two).
    const changed = structuredClone(doc);
    changed.routes![1]!.protocol = "static";
    expect(applyState(changed, { netns: ns.name }).lines).toEqual(["replace route 2001:db8:ff::/48 dev a1: protocol (none) -> static"]);
    expect(routes6(ns.name).map((r) => `${r.dev} ${r.protocol ?? "boot"}`)).toEqual(["a0 boot", "a1 static"]);

    // A refusal after deleting one (prune) and changing the other puts both back as they were.
    const before = routes6(ns.name);
    const bad: StateDocument = { ...doc, routes: [{ dst: "2001:db8:ff::/48", dev: "a0", protocol: "static" }, { dst: "203.0.113.0/24", gateway: "192.0.2.77" }] };
    expect(() => applyState(bad, { netns: ns.name, prune: true })).toThrow(StateApplyError);
    expect(routes6(ns.name)).toEqual(before);

    // Prune removes exactly the one the document lacks.
    const one: StateDocument = { ...doc, routes: [{ dst: "2001:db8:ff::/48", dev: "a1", protocol: "static" }] };
    using k = openStateKernel(ns.name);
    expect(planState(one, k.snapshot(), { prune: true }).map((c) => c.action)).toEqual(["delete"]);
    applyState(one, { netns: ns.name, prune: true });
    expect(routes6(ns.name).map((r) => r.dev)).toEqual(["a1"]);
  });
});

describeKernel("state: pipelined runs of addresses and routes", () => {
  it("a refusal in the middle of a window: the changes made before and after it in the window are undone", () => {
    using ns = tempNetns();
    noDad(ns.name);
    const links: StateDocument["links"] = [{ name: "lo", up: true }, { name: "a0", kind: "veth", peer: "b0", up: true }, { name: "b0", kind: "veth", peer: "a0", up: true }];
    applyState({ version: 1, links, addresses: [{ dev: "a0", address: "198.18.255.1/24" }] }, { netns: ns.name });
    waitCarrierSettled(ns.name); // the veths' carrier comes up in the kernel's linkwatch work, up to a second later
    const before = ipDump(ns.name);
    const routes: NonNullable<StateDocument["routes"]> = [];
    for (let i = 0; i < 40; i++) routes.push({ dst: `198.19.0.${i}/32`, dev: "a0" }, { dst: `2001:2:0:${i.toString(16)}::/64`, dev: "a0" });
    routes.splice(41, 0, { dst: "203.0.113.0/24", dev: "a0", src: "192.0.2.77" }); // not a local address: refused, the kernel goes on with the window
    const addresses = [{ dev: "a0", address: "198.18.255.1/24" }, ...Array.from({ length: 30 }, (_, i) => ({ dev: "b0", address: `198.18.1.${i + 1}/32` }))];
    let err: unknown;
    try {
      applyState({ version: 1, links, addresses, routes }, { netns: ns.name });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateApplyError);
    const e = err as StateApplyError;
    expect(e.message).toMatch(/^create route 203\.0\.113\.0\/24: .*EINVAL/);
    expect(e.index).toBe(30 + 41); // 30 addresses, then the routes in document order
    expect(e.undone).toBe(30 + 80); // every address and every other route, made before and after the refused one
    expect(e.undoErrors).toEqual([]);
    expect(ipDump(ns.name)).toEqual(before);
  });
});
