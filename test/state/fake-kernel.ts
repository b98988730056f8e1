/**
 * An in-memory StateKernel for planner/apply tests: a snapshot that
 * changes are applied to, with a switch to refuse chosen changes. It
 * follows the kernel in the parts the engine depends on: deleting one end
 * of a veth pair deletes both, deleting a link deletes what is on it (sysctls included), a
 * duplicate create is EEXIST.
 */
import type { Change } from "../../lib/state/change.ts";
import type { ApplyOutcome, StateKernel } from "../../lib/state/kernel.ts";
import { addressKey, linkKey, neighbourKey, nexthopKey, routeKey, ruleKey } from "../../lib/state/keys.ts";
import { emptySnapshot, type Snapshot } from "../../lib/state/snapshot.ts";
import type { Item, LinkState, Section, SysctlState } from "../../lib/state/types.ts";

const KEY: Record<Exclude<Section, "sysctls">, (x: any) => string> = {
  links: linkKey, addresses: addressKey, routes: routeKey, nexthops: nexthopKey, neighbours: neighbourKey, rules: ruleKey,
};

/** A fake namespace. `refuse` decides which changes fail (with the message it returns). */
export class FakeKernel implements StateKernel {
  snap: Snapshot = emptySnapshot();
  refuse: (c: Change) => string | undefined = () => undefined;
  /** Every change carried out, undo steps included. */
  log: Change[] = [];

  snapshot(): Snapshot {
    return structuredClone(this.snap);
  }

  apply(changes: readonly Change[]): ApplyOutcome {
    const applied: number[] = [];
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      const why = this.refuse(c);
      if (why !== undefined) return { applied, failed: { index: i, error: new Error(why) } };
      try {
        this.one(c);
      } catch (e) {
        return { applied, failed: { index: i, error: e as Error } };
      }
      this.log.push(c);
      applied.push(i);
    }
    return { applied };
  }

  private list(s: Exclude<Section, "sysctls">): Item[] {
    return this.snap[s] as Item[];
  }

  private add(s: Exclude<Section, "sysctls">, it: Item): void {
    const k = KEY[s](it);
    if (this.list(s).some((x) => KEY[s](x) === k)) throw new Error(`EEXIST ${s} ${k}`);
    this.list(s).push(structuredClone(it));
  }

  private del(s: Exclude<Section, "sysctls">, it: Item): void {
    const k = KEY[s](it);
    const l = this.list(s);
    const i = l.findIndex((x) => KEY[s](x) === k);
    if (i < 0) throw new Error(`ENOENT ${s} ${k}`);
    l.splice(i, 1);
    if (s === "links") {
      const name = (it as LinkState).name;
      const peer = (l as LinkState[]).find((x) => x.peer === name);
      if (peer !== undefined) this.del("links", peer);
      const on = (x: { dev?: string }) => x.dev !== name;
      this.snap.addresses = this.snap.addresses.filter(on);
      this.snap.routes = this.snap.routes.filter(on);
      this.snap.neighbours = this.snap.neighbours.filter(on);
      this.snap.nexthops = this.snap.nexthops.filter(on);
      for (const x of this.snap.links) if (x.master === name) delete x.master;
      for (const k of Object.keys(this.snap.sysctls)) if (k.includes(`.conf.${name}.`)) delete this.snap.sysctls[k];
    }
  }

  private one(c: Change): void {
    if (c.section === "sysctls") {
      if (c.action !== "delete") this.snap.sysctls[(c.want as SysctlState).key] = (c.want as SysctlState).value;
      return;
    }
    const s = c.section;
    if (c.action === "delete" || c.action === "replace") this.del(s, c.have!);
    if (c.action === "create" || c.action === "replace") {
      this.add(s, c.want!);
      if (c.peerWant !== undefined) this.add(s, c.peerWant);
    }
    if (c.action === "change") {
      const k = KEY[s](c.want!);
      const it = this.list(s).find((x) => KEY[s](x) === k) as unknown as Record<string, unknown> | undefined;
      if (it === undefined) throw new Error(`ENOENT ${k}`);
      for (const f of c.fields ?? []) {
        const v = (c.want as unknown as Record<string, unknown>)[f];
        if (v === undefined || v === null) delete it[f];
        else it[f] = structuredClone(v);
      }
    }
  }
}
