/**
 * The StateKernel over the typed API: each planned change becomes the
 * add/replace/delete/set calls that make it, and each is all or nothing
 * by itself (a link change is made one field per request so a refusal
 * half-way can be undone; a replace whose creation fails puts the old
 * object back). The one place that knows the shapes the API takes.
 */
import { writeFileSync } from "node:fs";
import { openRtnl, type Rtnl } from "../rtnl/rtnl.ts";
import type { LinkSetSpec } from "../rtnl/link/api.ts";
import { NetnsHandle } from "../netns/handle.ts";
import { runInNetns } from "../netns/run.ts";
import type { Change } from "./change.ts";
import type { ApplyOutcome, StateKernel } from "./kernel.ts";
import { PipelinedRuns } from "./rtnl-batch.ts";
import { readSnapshot } from "./rtnl-read.ts";
import { addressOp, addRoute, addSpec, def, nexthopSpec, peerSet, pipelinable, routeOp, routeSpec, ruleSpec } from "./rtnl-specs.ts";
import { sysctlFile } from "./selected.ts";
import type { Snapshot } from "./snapshot.ts";
import type { AddressState, LinkState, NeighbourState, NexthopState, RouteState, RuleState, SysctlState } from "./types.ts";

/** A StateKernel talking to the namespace of `nl`; `inNs` runs a function inside it (sysctls). */
export class RtnlStateKernel implements StateKernel {
  private readonly runs: PipelinedRuns;

  constructor(readonly nl: Rtnl, private readonly inNs: <T>(fn: () => T) => T) {
    this.runs = new PipelinedRuns(nl);
  }

  snapshot(sysctls: Iterable<string> = []): Snapshot {
    return readSnapshot(this.nl, this.inNs, sysctls);
  }

  apply(changes: readonly Change[]): ApplyOutcome {
    const applied: number[] = [];
    for (let i = 0; i < changes.length;) {
      let j = i;
      while (j < changes.length && pipelinable(changes[j]!)) j++;
      if (j - i >= 2) {
        // A run of single-request changes: pipelined, each failure tied to its change.
        const out = this.runs.run(changes.slice(i, j));
        applied.push(...out.applied.map((k) => k + i));
        if (out.failed !== undefined) return { applied, failed: { index: out.failed.index + i, error: out.failed.error } };
        i = j;
        continue;
      }
      try {
        this.one(changes[i]!);
      } catch (e) {
        return { applied, failed: { index: i, error: e instanceof Error ? e : new Error(String(e)) } };
      }
      applied.push(i++);
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
        const h = c.have as AddressState | undefined;
        if (c.action !== "replace") return addressOp(nl.addresses, c);
        return this.replace(() => nl.addresses.delete(h!.dev, h!.address), () => addressOp(nl.addresses, { ...c, action: "create" }), () => addressOp(nl.addresses, { action: "create", section: "addresses", want: h! }));
      }
      case "routes": {
        const w = c.want as RouteState | undefined, h = c.have as RouteState | undefined;
        if (c.action !== "replace") return routeOp(nl.routes, c);
        return this.replace(() => nl.routes.delete(routeSpec(h!)), () => addRoute(nl.routes, w!), () => addRoute(nl.routes, h!));
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
