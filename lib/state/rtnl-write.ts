/**
 * The StateKernel over the typed API: each planned change becomes the
 * add/replace/delete/set calls that make it, and each is all or nothing
 * by itself (a link change is made one field per request so a refusal
 * half-way can be undone; a replace whose creation fails puts the old
 * object back). The one place that knows the shapes the API takes.
 */
import { writeFileSync } from "node:fs";
import { openRtnl, type Rtnl } from "../rtnl/rtnl.ts";
import type { LinkAddSpec, LinkSetSpec } from "../rtnl/link/api.ts";
import type { RouteSpec } from "../rtnl/route/api.ts";
import type { NexthopSpec } from "../rtnl/nexthop/api.ts";
import type { RuleSpec } from "../rtnl/rule/api.ts";
import type { AddressOptions } from "../rtnl/address/api.ts";
import { NetnsHandle } from "../netns/handle.ts";
import { runInNetns } from "../netns/run.ts";
import type { Change } from "./change.ts";
import type { ApplyOutcome, StateKernel } from "./kernel.ts";
import { routeFamily } from "./keys.ts";
import { readSnapshot } from "./rtnl-read.ts";
import { sysctlFile } from "./selected.ts";
import type { Snapshot } from "./snapshot.ts";
import type { AddressState, LinkState, NeighbourState, NexthopState, RouteState, RuleState, SysctlState } from "./types.ts";

const def = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function addSpec(l: LinkState, peer?: LinkState): LinkAddSpec {
  const s = def({
    name: l.name, kind: l.kind!, mtu: l.mtu, address: l.address, txqlen: l.txqlen, group: l.group,
    master: l.master ?? undefined, up: l.up, alias: l.alias, link: l.link, data: l.data as LinkAddSpec["data"],
  }) as LinkAddSpec;
  if (peer !== undefined) s.peer = def({ name: peer.name, mtu: peer.mtu, address: peer.address });
  return s;
}

/** What `set` changes on a link after creation (the veth peer end's settings). */
function peerSet(p: LinkState): LinkSetSpec {
  return def({ up: p.up, alias: p.alias, master: p.master ?? undefined, txqlen: p.txqlen, group: p.group });
}

function addrOpts(a: AddressState): AddressOptions {
  return def({ peer: a.peer, broadcast: a.broadcast, label: a.label, scope: a.scope, flags: a.flags, metric: a.metric });
}

function routeSpec(r: RouteState): RouteSpec {
  const s = def({
    dst: r.dst, family: r.family, table: r.table as RouteSpec["table"], type: r.type, gateway: r.gateway, dev: r.dev, metric: r.metric,
    protocol: r.protocol, scope: r.scope, src: r.src, from: r.from, tos: r.tos, onlink: r.onlink, nhid: r.nhid,
  }) as RouteSpec;
  if (r.multipath !== undefined) s.multipath = r.multipath.map((p) => def({ gateway: p.gateway, dev: p.dev, weight: p.weight, onlink: p.onlink }));
  return s;
}

/**
 * Add a route. IPv6 with NLM_F_APPEND rather than NLM_F_EXCL: the kernel
 * keeps IPv6 routes of one prefix and metric on other devices (or through
 * other nexthop objects) apart, and EXCL refuses any second one.
 */
function addRoute(nl: Rtnl, r: RouteState): void {
  if (routeFamily(r) === 6) nl.routes.append(routeSpec(r));
  else nl.routes.add(routeSpec(r), { echo: false });
}

function nexthopSpec(n: NexthopState): NexthopSpec {
  return def({ id: n.id, family: n.family, gateway: n.gateway, dev: n.dev, blackhole: n.blackhole, onlink: n.onlink, fdb: n.fdb, group: n.group, protocol: n.protocol });
}

function ruleSpec(r: RuleState): RuleSpec {
  return def({ ...r, table: r.table as RuleSpec["table"] });
}

/** A StateKernel talking to the namespace of `nl`; `inNs` runs a function inside it (sysctls). */
export class RtnlStateKernel implements StateKernel {
  constructor(readonly nl: Rtnl, private readonly inNs: <T>(fn: () => T) => T) {}

  snapshot(sysctls: Iterable<string> = []): Snapshot {
    return readSnapshot(this.nl, this.inNs, sysctls);
  }

  apply(changes: readonly Change[]): ApplyOutcome {
    const applied: number[] = [];
    for (let i = 0; i < changes.length; i++) {
      try {
        this.one(changes[i]!);
      } catch (e) {
        return { applied, failed: { index: i, error: e instanceof Error ? e : new Error(String(e)) } };
      }
      applied.push(i);
    }
    return { applied };
  }

  private createLink(l: LinkState, peer?: LinkState): void {
    this.nl.links.add(addSpec(l, peer), { echo: false });
    if (peer === undefined) return;
    try {
      const s = peerSet(peer);
      if (Object.keys(s).length > 0) this.nl.links.set(peer.name, s);
    } catch (e) {
      this.nl.links.delete(l.name);
      throw e;
    }
  }

  private setLink(want: LinkState, have: LinkState, fields: readonly string[]): void {
    const done: string[] = [];
    const val = (l: LinkState, f: string): unknown => {
      const v = (l as unknown as Record<string, unknown>)[f];
      return v === undefined ? (f === "master" ? null : f === "alias" ? "" : undefined) : v;
    };
    try {
      for (const f of fields) {
        if (val(want, f) === undefined) continue;
        this.nl.links.set(want.name, { [f]: val(want, f) } as LinkSetSpec);
        done.push(f);
      }
    } catch (e) {
      for (const f of done.reverse()) if (val(have, f) !== undefined) this.nl.links.set(want.name, { [f]: val(have, f) } as LinkSetSpec);
      throw e;
    }
  }

  private one(c: Change): void {
    const nl = this.nl;
    switch (c.section) {
      case "links": {
        const w = c.want as LinkState | undefined, h = c.have as LinkState | undefined;
        if (c.action === "create") {
          this.createLink(w!, c.peerWant);
          if (c.undo) this.writeSysctls(c.linkSysctls);
          return;
        }
        if (c.action === "delete") return nl.links.delete(h!.name);
        if (c.action === "change") {
          this.setLink(w!, h!, c.fields ?? []);
          if (c.undo) for (const m of c.masterMacs ?? []) if (nl.links.get(m.name).attrs.address !== m.address) nl.links.set(m.name, { address: m.address });
          return;
        }
        nl.links.delete(h!.name);
        try {
          this.createLink(w!, c.peerWant);
          if (c.undo) this.writeSysctls(c.linkSysctls);
          return;
        } catch (e) {
          this.createLink(h!, c.peerHave);
          this.writeSysctls(c.linkSysctls);
          throw e;
        }
      }
      case "addresses": {
        const w = c.want as AddressState | undefined, h = c.have as AddressState | undefined;
        if (c.action === "create") return void nl.addresses.add(w!.dev, w!.address, addrOpts(w!), { echo: false });
        if (c.action === "delete") return nl.addresses.delete(h!.dev, h!.address);
        if (c.action === "change") return nl.addresses.replace(w!.dev, w!.address, addrOpts(w!));
        return this.replace(() => nl.addresses.delete(h!.dev, h!.address), () => void nl.addresses.add(w!.dev, w!.address, addrOpts(w!), { echo: false }), () => void nl.addresses.add(h!.dev, h!.address, addrOpts(h!), { echo: false }));
      }
      case "routes": {
        const w = c.want as RouteState | undefined, h = c.have as RouteState | undefined;
        if (c.action === "create") return addRoute(nl, w!);
        if (c.action === "delete") return nl.routes.delete(routeSpec(h!));
        if (c.action === "change") return nl.routes.replace(routeSpec(w!));
        return this.replace(() => nl.routes.delete(routeSpec(h!)), () => addRoute(nl, w!), () => addRoute(nl, h!));
      }
      case "nexthops": {
        const w = c.want as NexthopState | undefined, h = c.have as NexthopState | undefined;
        if (c.action === "delete") return nl.nexthops.delete(h!.id);
        return this.withCarrier(w!.dev, () => (c.action === "create" ? nl.nexthops.add(nexthopSpec(w!), { echo: false }) : nl.nexthops.replace(nexthopSpec(w!))));
      }
      case "neighbours": {
        const w = c.want as NeighbourState | undefined, h = c.have as NeighbourState | undefined;
        const spec = (n: NeighbourState) => def({ dev: n.dev, dst: n.dst, lladdr: n.lladdr, proxy: n.proxy, state: n.proxy ? undefined : "permanent", flags: n.router ? ["router"] : undefined });
        if (c.action === "create") return nl.neighbours.add(spec(w!), { echo: false });
        if (c.action === "delete") return nl.neighbours.delete(def({ dev: h!.dev, dst: h!.dst, proxy: h!.proxy }));
        return nl.neighbours.replace(spec(w!));
      }
      case "rules": {
        const w = c.want as RuleState | undefined, h = c.have as RuleState | undefined;
        if (c.action === "create") return nl.rules.add(ruleSpec(w!), { echo: false });
        if (c.action === "delete") return nl.rules.delete(ruleSpec(h!));
        return this.replace(() => nl.rules.delete(ruleSpec(h!)), () => nl.rules.add(ruleSpec(w!), { echo: false }), () => nl.rules.add(ruleSpec(h!), { echo: false }));
      }
      case "sysctls": {
        if (c.action === "delete") return; // a sysctl cannot be removed; the undo of a first write to a new link's key
        const w = c.want as SysctlState;
        return this.inNs(() => writeFileSync(sysctlFile(w.key), w.value));
      }
    }
  }

  /**
   * Run `fn`; when the kernel refuses it because `dev` has no carrier yet
   * (ENETDOWN: a link brought up a moment ago gets its carrier from the
   * kernel's link watch, asynchronously), wait up to 2 s for LOWER_UP and try once more.
   */
  private withCarrier(dev: string | undefined, fn: () => void): void {
    try {
      return fn();
    } catch (e) {
      if (dev === undefined || (e as { code?: string }).code !== "ENETDOWN" || !this.nl.links.get(dev).flags.includes("UP")) throw e;
      const until = Date.now() + 2000;
      const nap = new Int32Array(new SharedArrayBuffer(4));
      while (!this.nl.links.get(dev).flags.includes("LOWER_UP") && Date.now() < until) Atomics.wait(nap, 0, 0, 10);
      return fn();
    }
  }

  /** Write sysctl values (those of a link being recreated); a value the kernel refuses is left as it is. */
  private writeSysctls(values: Record<string, string> | undefined): void {
    if (values === undefined) return;
    this.inNs(() => {
      for (const [k, v] of Object.entries(values)) {
        try {
          writeFileSync(sysctlFile(k), v);
        } catch {
          // e.g. a per-link key that is read-only for this kind of link
        }
      }
    });
  }

  private replace(del: () => void, add: () => void, restore: () => void): void {
    del();
    try {
      add();
    } catch (e) {
      restore();
      throw e;
    }
  }
}

/**
 * Open a StateKernel on a namespace: a name under /run/netns, a path, or
 * undefined for the calling thread's own. Close it when done.
 */
export function openStateKernel(netns?: string): RtnlStateKernel & Disposable {
  const nl = netns === undefined ? openRtnl() : openRtnl({ netns });
  const handle = netns === undefined ? undefined : NetnsHandle.open(netns);
  const inNs = <T>(fn: () => T): T => (handle === undefined ? fn() : runInNetns(handle, fn));
  const k = new RtnlStateKernel(nl, inNs) as RtnlStateKernel & Disposable;
  k[Symbol.dispose] = () => {
    nl.close();
    handle?.close();
  };
  return k;
}
