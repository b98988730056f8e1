/**
 * Pipelined runs of a plan: consecutive changes that are one request each
 * (addresses and routes created, changed or deleted; rtnl-specs.ts
 * `pipelinable`) go to the kernel in windows of one sendmsg(2) each
 * (conn.batch: one ACK per window, an error answer for each refused
 * request, tied to it by its sequence number). The kernel carries out
 * every request of a window, so when one is refused, later ones of the
 * same window may have been made: the outcome lists exactly the changes
 * made, and the caller undoes those.
 *
 * The requests are the typed API's own: the address and route APIs run
 * over a connection stand-in that records each acknowledged request
 * instead of sending it, so a pipelined change sends the bytes the same
 * change sends on its own.
 */
import type { MessageCodec } from "../../codecs/core/message.ts";
import type { BatchRequest, NetlinkConnection } from "../conn/connection.ts";
import { AddressApi } from "../rtnl/address/api.ts";
import { RouteApi } from "../rtnl/route/api.ts";
import type { Rtnl } from "../rtnl/rtnl.ts";
import { resolveIndex } from "../rtnl/shared/ifindex.ts";
import { describeChange, type Change } from "./change.ts";
import type { ApplyOutcome } from "./kernel.ts";
import { addressOp, routeOp } from "./rtnl-specs.ts";

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** `conn` with `ack` replaced by a recorder into `out`; everything else (a link lookup by name) still goes to the kernel. */
function recording(conn: NetlinkConnection, out: BatchRequest[]): NetlinkConnection {
  return new Proxy(conn, {
    get(target, p) {
      if (p === "ack") return (type: number, flags: number, codec: MessageCodec<unknown>, msg: unknown): void => void out.push({ type, flags, codec, msg });
      const v: unknown = Reflect.get(target, p, target);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Carries out runs of pipelinable changes on one rtnetlink connection. */
export class PipelinedRuns {
  private readonly requests: BatchRequest[] = [];
  private readonly addresses: AddressApi;
  private readonly routes: RouteApi;

  constructor(private readonly nl: Rtnl, private readonly window?: number) {
    const rec = recording(nl.conn, this.requests);
    this.addresses = new AddressApi(rec);
    this.routes = new RouteApi(rec);
  }

  /**
   * Carry out `changes` (all pipelinable), in windows. A change the API
   * refuses to encode (bad input, a link that does not exist) ends the run
   * there: the requests before it are still sent.
   */
  run(changes: readonly Change[]): ApplyOutcome {
    const index = new Map<string, number>(); // link names resolved once per run
    const ref = (name: string): number => {
      let i = index.get(name);
      if (i === undefined) index.set(name, (i = resolveIndex(this.nl.conn, name, "dev")));
      return i;
    };
    this.requests.length = 0;
    let refused: { index: number; error: Error } | undefined;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      const n = this.requests.length;
      try {
        if (c.section === "addresses") addressOp(this.addresses, c, ref);
        else routeOp(this.routes, c, ref);
        if (this.requests.length !== n + 1) throw new Error(`${describeChange(c)}: expected one request, the API made ${this.requests.length - n}`);
      } catch (e) {
        this.requests.length = n;
        refused = { index: i, error: asError(e) };
        break;
      }
    }
    if (this.requests.length === 0) return { applied: [], ...(refused && { failed: refused }) };
    let r;
    try {
      r = this.nl.conn.batch(this.requests, this.window === undefined ? { stopOnError: true } : { stopOnError: true, window: this.window });
    } catch (e) {
      // What the kernel made of the window is unknown: nothing is reported made (a rollback's repair pass reads the namespace).
      return { applied: [], failed: { index: 0, error: asError(e) } };
    }
    const errors = new Map(r.errors.map((e) => [e.index, e.error]));
    const applied: number[] = [];
    for (let i = 0; i < r.sent; i++) if (!errors.has(i)) applied.push(i);
    const first = r.errors.length === 0 ? undefined : Math.min(...errors.keys());
    if (first !== undefined) return { applied, failed: { index: first, error: errors.get(first)! } };
    return refused === undefined ? { applied } : { applied, failed: refused };
  }
}
