/**
 * The namespace id API (RTM_GETNSID / RTM_NEWNSID, struct rtgenmsg +
 * NETNSA_*, linux/net_namespace.h): the id under which the namespace a
 * connection talks to knows another namespace (the `link-netnsid` of links
 * whose peer lives there), as `ip netns set NAME ID` / `ip netns list-id`.
 *
 *   const nsid = new NsidApi(conn);
 *   nsid.set({ fd: handle.fd }, 5);
 *   nsid.get({ pid: 1234 });      // 5, or undefined when none is assigned
 *   nsid.list();                  // [{ nsid: 5 }]
 */
import { toNsid, type NsidEntry } from "./model.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import { NETNSA_NSID_NOT_ASSIGNED, nsidMessage, type NsidAttrs } from "../../../codecs/nsid/index.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";

/** A peer namespace, by an open fd on it (e.g. NetnsHandle.fd) or by the pid of a process inside it. */
export type NsidTarget = { fd: number } | { pid: number };

export type { NsidEntry } from "./model.ts";

const MAX_NSID = 0x7fffffff;

function targetAttrs(t: NsidTarget, field: string): NsidAttrs {
  if (t === null || typeof t !== "object" || Array.isArray(t)) throw new TypeError(`${field}: expected { fd } or { pid }, got ${t === null ? "null" : typeof t}`);
  const keys = Object.keys(t);
  if (keys.length !== 1 || (keys[0] !== "fd" && keys[0] !== "pid")) throw new TypeError(`${field}: expected exactly one of fd, pid (got ${keys.join(", ") || "nothing"})`);
  if ("fd" in t) return { fd: checkInt(t.fd, 0, MAX_NSID, `${field}.fd`) };
  return { pid: checkInt(t.pid, 1, MAX_NSID, `${field}.pid`) };
}

function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** Namespace ids as seen from the namespace a connection talks to. */
export class NsidApi {
  constructor(readonly conn: NetlinkConnection) {}

  /**
   * The id of the peer namespace, or undefined when it has none
   * (NETNSA_NSID_NOT_ASSIGNED) — including the connection's own namespace.
   * Never assigns one. A bad fd/pid is refused by the kernel (NetlinkError).
   */
  get(target: NsidTarget): number | undefined {
    const attrs = targetAttrs(target, "target");
    const m = this.conn.get(RTM.GETNSID, nsidMessage, { family: 0, attrs });
    const id = m.attrs.nsid;
    return id === undefined || id === NETNSA_NSID_NOT_ASSIGNED ? undefined : id;
  }

  /**
   * Assign `nsid` (0..2^31-1) to the peer namespace, or -1 to let the
   * kernel pick the next free id (`ip netns set NAME auto`). EEXIST when
   * the peer already has an id or the id is taken.
   */
  set(target: NsidTarget, nsid: number): void {
    const attrs = targetAttrs(target, "target");
    attrs.nsid = checkInt(nsid, -1, MAX_NSID, "nsid");
    this.conn.ack(RTM.NEWNSID, 0, nsidMessage, { family: 0, attrs });
  }

  /**
   * Every id of the namespace's table (`ip netns list-id`). With
   * `targetNsid`, the table listed is that of the namespace known here
   * under that id (`ip netns list-id target-nsid N`): `nsid` is the id
   * there, `currentNsid` the id of the same peer here.
   */
  list(opts: { targetNsid?: number } = {}): NsidEntry[] {
    if (opts === null || typeof opts !== "object") throw new TypeError("opts: expected an object");
    for (const k of Object.keys(opts)) if (k !== "targetNsid") throw new TypeError(`opts.${k}: unknown option (known: targetNsid)`);
    const attrs: NsidAttrs = {};
    if (opts.targetNsid !== undefined) attrs.targetNsid = checkInt(opts.targetNsid, 0, MAX_NSID, "opts.targetNsid");
    const out: NsidEntry[] = [];
    for (const m of this.conn.dump(RTM.GETNSID, nsidMessage, { family: 0, attrs })) {
      const e = toNsid(m);
      if (e !== undefined) out.push(e);
    }
    return out;
  }
}
