/**
 * The netconf API (RTM_GETNETCONF, struct netconfmsg + NETCONFA_*,
 * linux/netconf.h): the per-device IPv4/IPv6 settings the kernel reports
 * (forwarding, rp_filter, mc_forwarding, proxy_neigh, ...), as
 * `ip netconf show [dev NAME]`.
 *
 *   const nc = new NetconfApi(conn);
 *   nc.list();                  // every device of both families, plus "all" (-1) and "default" (-2)
 *   nc.list({ family: 2 });     // IPv4 only
 *   nc.get(2, 3);               // IPv4 settings of ifindex 3
 */
import { RTM } from "../../../codecs/rtnetlink.ts";
import { netconfMessage, type NetconfAttrs, type NetconfMessage } from "../../../codecs/netconf/index.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { NetlinkError } from "../../conn/errors.ts";

export { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT } from "../../../codecs/netconf/index.ts";

/** One device's settings: the family and the NETCONFA_* attributes the kernel sent (absent ones are undefined). */
export type NetconfEntry = { family: number } & NetconfAttrs;

const AF_INET = 2;
const AF_INET6 = 10;
const EOPNOTSUPP = 95;

function toEntry(m: NetconfMessage): NetconfEntry {
  return { family: m.family, ...m.attrs };
}

function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** Per-device IP settings of the namespace a connection talks to. */
export class NetconfApi {
  constructor(readonly conn: NetlinkConnection) {}

  /**
   * Dump the settings, in the kernel's order. `family` 0 (default) asks for
   * all families; a kernel that refuses that (EOPNOTSUPP) is asked for
   * AF_INET then AF_INET6, as ip does.
   */
  list(opts: { family?: number } = {}): NetconfEntry[] {
    if (opts === null || typeof opts !== "object") throw new TypeError("opts: expected an object");
    for (const k of Object.keys(opts)) if (k !== "family") throw new TypeError(`opts.${k}: unknown option (known: family)`);
    const family = opts.family === undefined ? 0 : checkInt(opts.family, 0, 0xff, "opts.family");
    const dump = (f: number) => this.conn.dump(RTM.GETNETCONF, netconfMessage, { family: f, attrs: {} }).map(toEntry);
    if (family !== 0) return dump(family);
    try {
      return dump(0);
    } catch (e) {
      if (!(e instanceof NetlinkError) || e.errno !== EOPNOTSUPP) throw e;
      return [...dump(AF_INET), ...dump(AF_INET6)];
    }
  }

  /**
   * The settings of one device in one family (AF_INET 2 or AF_INET6 10);
   * `ifindex` may be NETCONFA_IFINDEX_ALL (-1) or NETCONFA_IFINDEX_DEFAULT
   * (-2). The kernel refuses unknown devices (NetlinkError ENODEV).
   */
  get(family: number, ifindex: number): NetconfEntry {
    checkInt(family, 1, 0xff, "family");
    checkInt(ifindex, -2, 0x7fffffff, "ifindex");
    return toEntry(this.conn.get(RTM.GETNETCONF, netconfMessage, { family, attrs: { ifindex } }));
  }
}
