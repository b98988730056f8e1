/**
 * Route lookups (`ip route get`): the RTM_GETROUTE request iproute2 sends
 * (ip/iproute.c iproute_get): rtm_flags RTM_F_LOOKUP_TABLE for IPv4 (the
 * IPv6 side refuses it under strict checking) plus RTM_F_FIB_MATCH for
 * `fibmatch`, the destination as a host prefix, then
 * RTA_SRC, RTA_IP_PROTO, RTA_SPORT, RTA_DPORT, RTA_UID, RTA_IIF, RTA_OIF,
 * RTA_MARK in that order (ip's order for
 * `get [fibmatch] DST from SRC ipproto P sport S dport D uid U iif I oif O mark M`).
 */
import type { RouteAttrs } from "../../../codecs/route/attrs.ts";
import type { RouteMessage } from "../../../codecs/route/decode.ts";
import { checkAddr, checkBool, checkInt, checkKeys, checkLink } from "../shared/check.ts";

/** Options of `get`. */
export interface RouteLookup {
  /** Source address (RTA_SRC): the lookup is for packets from it. */
  from?: string;
  /** Input link: look up as if the packet arrived there (needs `from`). */
  iif?: string | number;
  /** Output link to force. */
  oif?: string | number;
  mark?: number;
  /** Return the FIB entry that matched instead of the resolved route (`ip route get fibmatch`). */
  fibMatch?: boolean;
  uid?: number;
  /** IP protocol number for the flow (e.g. 6 for TCP). */
  ipProto?: number;
  sport?: number;
  dport?: number;
  tos?: number;
}

const KEYS = ["from", "iif", "oif", "mark", "fibMatch", "uid", "ipProto", "sport", "dport", "tos"];
const RTM_F_LOOKUP_TABLE = "lookup_table";
const RTM_F_FIB_MATCH = "fib_match";

/** A checked lookup; `build` resolves the links and makes the request. */
export interface PreparedLookup {
  build(index: (link: string | number, field: string) => number): RouteMessage;
}

/** Validate a lookup (no syscall). */
export function prepareLookup(dst: unknown, opts: RouteLookup): PreparedLookup {
  const o = checkKeys(opts, KEYS, "opts") as RouteLookup;
  const d = checkAddr(dst, "dst");
  const family = d.family;
  const hostLen = family === 2 ? 32 : 128;
  const from = o.from === undefined ? undefined : checkAddr(o.from, "opts.from", family).text;
  const iif = o.iif === undefined ? undefined : checkLink(o.iif, "opts.iif");
  const oif = o.oif === undefined ? undefined : checkLink(o.oif, "opts.oif");
  const mark = o.mark === undefined ? undefined : checkInt(o.mark, 0, 0xffffffff, "opts.mark");
  const fibMatch = o.fibMatch === undefined ? false : checkBool(o.fibMatch, "opts.fibMatch");
  const uid = o.uid === undefined ? undefined : checkInt(o.uid, 0, 0xffffffff, "opts.uid");
  const ipProto = o.ipProto === undefined ? undefined : checkInt(o.ipProto, 0, 255, "opts.ipProto");
  const sport = o.sport === undefined ? undefined : checkInt(o.sport, 0, 0xffff, "opts.sport");
  const dport = o.dport === undefined ? undefined : checkInt(o.dport, 0, 0xffff, "opts.dport");
  const tos = o.tos === undefined ? 0 : checkInt(o.tos, 0, 0xff, "opts.tos");
  return {
    build(index) {
      const a: RouteAttrs = { dst: d.text };
      if (from !== undefined) a.src = from;
      if (ipProto !== undefined) a.ipProto = ipProto;
      if (sport !== undefined) a.sport = sport;
      if (dport !== undefined) a.dport = dport;
      if (uid !== undefined) a.uid = uid;
      if (iif !== undefined) a.iif = index(iif, "opts.iif");
      if (oif !== undefined) a.oif = index(oif, "opts.oif");
      if (mark !== undefined && mark !== 0) a.mark = mark;
      return {
        family, dstLen: hostLen, srcLen: from === undefined ? 0 : hostLen, tos, table: 0, protocol: 0, scope: 0, type: 0,
        flags: [...(family === 2 ? [RTM_F_LOOKUP_TABLE] : []), ...(fibMatch ? [RTM_F_FIB_MATCH] : [])], attrs: a,
      };
    },
  };
}
