/**
 * One route (a decoded RTM_NEWROUTE, the route codec's RouteMessage: it
 * keeps what ip prints and the model drops, cache info, ttl-propagate) as `ip route show` / `ip route get`
 * print it in text and JSON (ip/iproute.c print_route of iproute2 6.1):
 * which keys appear when (type only when not unicast, table only when not
 * main, proto only when not boot...), the metrics array, multipath
 * "nexthops", and the keys a filter on the same field hides.
 */
import type { RouteMessage } from "../../codecs/route/decode.ts";
import { USER_HZ } from "../../codecs/core/constants.ts";
import { RT_SCOPE, RT_TABLE, RT_TABLE_MAIN, RTM_F, RTM_F_CLONED, RTN, RTN_UNICAST, RTPROT, RTPROT_BOOT } from "../../codecs/route/tables.ts";
import { familyName } from "./names.ts";
import { DSFIELDS, PROTOS, REALMS, rtnName, SCOPES, TABLES } from "./names.ts";
import { COLOR, familyColor, type Printer } from "./printer.ts";
import { printEncap } from "./route-encap.ts";
import { FLAG_ORDER, printRtFlags } from "./rt-flags.ts";
import { fmtG } from "./c-printf.ts";
import { printNexthopEntry } from "./nexthop.ts";
import type { Nexthop } from "../rtnl/nexthop/model.ts";

export { FLAG_ORDER, printRtFlags };

/** RTN_MULTICAST (5): the type whose cloned paths print as "Oifs:". */
const RTN_MULTICAST = 5;

/** Number of an enum field the codec decoded to a name. */
export function num(table: { value(v: string | number, path: string, max?: number): number }, v: string | number | undefined, max = 0xffffffff): number {
  if (v === undefined) return 0;
  return typeof v === "number" ? v : table.value(v, "route", max);
}

/** rtm_get_table(): RTA_TABLE when present, else rtm_table. */
export function routeTable(m: RouteMessage): number {
  return m.attrs.table !== undefined ? num(RT_TABLE, m.attrs.table) : num(RT_TABLE, m.table, 255);
}
export const routeType = (m: RouteMessage): number => num(RTN, m.type, 255);
export const routeProto = (m: RouteMessage): number => num(RTPROT, m.protocol, 255);
export const routeScope = (m: RouteMessage): number => num(RT_SCOPE, m.scope, 255);
export const routeFlags = (m: RouteMessage): number => RTM_F.value(m.flags, "flags");

/** What print_route takes from the filter: fields filtered on exactly are not printed. */
export interface RouteShowEnv {
  details: number;
  stats: number;
  nameOf(index: number): string;
  /** The table the listing was restricted to (0: all); a route of that table does not print it. */
  filterTable: number;
  hideOif: boolean;
  hideProto: boolean;
  hideScope: boolean;
  hideMetric: boolean;
  hideTos: boolean;
  hideGateway: boolean;
  hidePrefsrc: boolean;
  hideIif: boolean;
  /** The listing selected one exact realms value (`realms FROM/TO`): RTA_FLOW is not printed. */
  hideFlow?: boolean;
  /** Types to print the type for (0: any). */
  typemask: number;
  /**
   * With `details`: the nexthop object a route's RTA_NH_ID names, printed
   * as its "nh_info" (ip 6.1 asks the kernel once per id and caches it);
   * undefined when there is none. Absent: no nh_info.
   */
  nexthopOf?(id: number): Nexthop | undefined;
}

function hostLen(family: number): number {
  return family === 10 ? 128 : family === 2 ? 32 : family === 28 ? 20 : -1;
}

const MX_NAMES: Record<string, string> = {
  mtu: "mtu", window: "window", rtt: "rtt", rttvar: "rttvar", ssthresh: "ssthresh", cwnd: "cwnd", advmss: "advmss",
  reordering: "reordering", hoplimit: "hoplimit", initcwnd: "initcwnd", features: "features", rtoMin: "rto_min",
  initrwnd: "initrwnd", quickack: "quickack", ccAlgo: "congctl", fastopenNoCookie: "fastopen_no_cookie",
};
const MX_ORDER = ["mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd", "advmss", "reordering", "hoplimit", "initcwnd", "features", "rtoMin", "initrwnd", "quickack", "ccAlgo", "fastopenNoCookie"];
const FEATURE_BITS: Record<string, number> = { ecn: 1, sack: 2, timestamp: 4, allfrag: 8 };

function printMetrics(p: Printer, mx: Record<string, any>): void {
  p.arr("metrics", null);
  p.obj();
  const locked = new Set<string>(Array.isArray(mx.lock) ? mx.lock : []);
  for (const k of MX_ORDER) {
    const v = mx[k];
    if (v === undefined && !locked.has(k)) continue;
    let val = typeof v === "number" ? v >>> 0 : 0;
    if (k === "hoplimit" && val === 0xffffffff) continue;
    const name = MX_NAMES[k]!;
    p.text(`${name} `);
    if (locked.has(k)) p.text("lock ");
    if (k === "features") {
      let bits = 0;
      if (Array.isArray(v)) for (const f of v) bits |= FEATURE_BITS[f] ?? (/^0x/.test(f) ? Number.parseInt(f, 16) : 0);
      else if (typeof v === "number") bits = v;
      const of = bits;
      if (bits & 1) {
        if (p.json) p.null("ecn", null);
        else p.text("ecn ");
        bits &= ~1;
      }
      if (bits) p.str("features", "%s ", `0x${of.toString(16)}`);
    } else if (k === "rtt" || k === "rttvar" || k === "rtoMin") {
      if (k === "rtt") val = Math.floor(val / 8);
      else if (k === "rttvar") val = Math.floor(val / 4);
      if (p.json) p.num(name, null, val);
      else p.text(val >= 1000 ? `${fmtG(val / 1e3)}s ` : `${val}ms `);
    } else if (k === "ccAlgo") p.str("congestion", "%s ", String(v ?? ""));
    else p.num(name, "%s ", val);
  }
  p.endObj();
  p.endArr();
}

function printVia(p: Printer, via: { family: number; address: string }): void {
  if (p.json) {
    p.obj("via");
    p.str("family", null, familyName(via.family));
    p.str("host", null, via.address);
    p.endObj();
  } else {
    p.text(`via ${familyName(via.family)} `);
    p.text(`${via.address} `, familyColor(via.family));
  }
}

function printFlow(p: Printer, flow: number): void {
  const to = flow & 0xffff;
  const from = flow >>> 16;
  if (p.json) {
    p.obj("flow");
    if (from) p.str("from", null, REALMS.name(from));
    p.str("to", null, REALMS.name(to));
    p.endObj();
  } else {
    p.text("realm");
    if (from) p.text(`s ${REALMS.name(from)}/`);
    else p.text(" ");
    p.text(`${REALMS.name(to)} `);
  }
}

function printMultipath(p: Printer, m: RouteMessage, env: RouteShowEnv): void {
  const hops = m.attrs.multipath ?? [];
  const cloned = (routeFlags(m) & RTM_F_CLONED) !== 0 && routeType(m) === RTN_MULTICAST;
  p.arr("nexthops", null);
  let first = true;
  for (const nh of hops) {
    p.obj();
    if (cloned) {
      p.text(first ? "Oifs: " : " ");
      first = false;
    } else p.text(`${p.sl}\tnexthop `);
    const a = nh.attrs as Record<string, any>;
    if (a.encap !== undefined) printEncap(p, a.encapType, a.encap, env);
    if (a.gateway !== undefined) printGateway(p, m.family, a.gateway);
    if (a.via !== undefined) printVia(p, a.via);
    if (a.flow !== undefined && !env.hideFlow) printFlow(p, a.flow);
    if (cloned) {
      p.str("dev", "%s", env.nameOf(nh.ifindex));
      if (nh.hops !== 1) p.num("ttl", "(ttl>%s)", nh.hops);
      p.text(" ");
    } else {
      p.str("dev", "dev %s ", env.nameOf(nh.ifindex));
      if (m.family !== 28) p.num("weight", "weight %s ", nh.hops + 1);
    }
    printRtFlags(p, RTM_F.value(nh.flags, "flags"));
    p.endObj();
  }
  p.endArr();
}

/** print_rta_gateway: "via " and the gateway in its family's colour. */
function printGateway(p: Printer, family: number, gw: string): void {
  if (p.json) p.str("gateway", null, gw);
  else {
    p.text("via ");
    p.text(`${gw} `, familyColor(family));
  }
}

/** print_rta_ifidx: PREFIX and the link's name, coloured as an interface name. */
function printIfidx(p: Printer, key: string, name: string): void {
  if (p.json) p.str(key, null, name);
  else {
    p.text(`${key} `);
    p.text(`${name} `, COLOR.IFNAME);
  }
}

/** Print one route (caller opens/closes the JSON object; the text line ends with "\n"). */
export function printRoute(p: Printer, m: RouteMessage, env: RouteShowEnv, deleted = false): void {
  const a = m.attrs as Record<string, any>;
  const type = routeType(m);
  const host = hostLen(m.family);
  const flags = routeFlags(m);
  if (deleted) p.bool("deleted", "Deleted ", true);
  if ((type !== RTN_UNICAST || env.details > 0) && (!env.typemask || env.typemask & (1 << type))) {
    p.str("type", "%s ", rtnName(type));
  }
  let dst: string;
  // ip colours dst and from by get_real_family: a multicast route of RTNL_FAMILY_IPMR (128) / IP6MR (129) is inet / inet6
  const addrColor = familyColor(type === RTN_MULTICAST && m.family === 128 ? 2 : type === RTN_MULTICAST && m.family === 129 ? 10 : m.family);
  if (a.dst !== undefined) dst = m.dstLen !== host ? `${a.dst}/${m.dstLen}` : a.dst;
  else if (m.dstLen) dst = `0/${m.dstLen} `;
  else dst = "default";
  p.str("dst", "%s ", dst, a.dst !== undefined ? addrColor : COLOR.NONE);
  if (a.src !== undefined) p.str("from", "from %s ", m.srcLen !== host ? `${a.src}/${m.srcLen}` : a.src, addrColor);
  else if (m.srcLen) p.str("src", "from %s ", `0/${m.srcLen}`);
  if (a.nhId !== undefined) p.num("nhid", "nhid %s ", a.nhId);
  if (a.encap !== undefined) printEncap(p, a.encapType, a.encap, env);
  if (m.tos && !env.hideTos) p.str("tos", "tos %s ", DSFIELDS.name(m.tos));
  if (a.gateway !== undefined && !env.hideGateway) printGateway(p, m.family, a.gateway);
  if (a.via !== undefined) printVia(p, a.via);
  if (a.oif !== undefined && !env.hideOif) printIfidx(p, "dev", env.nameOf(a.oif));
  const table = routeTable(m);
  if (table && (table !== RT_TABLE_MAIN || env.details > 0) && !env.filterTable) p.str("table", "table %s ", TABLES.name(table));
  if (!(flags & RTM_F_CLONED)) {
    const proto = routeProto(m);
    if ((proto !== RTPROT_BOOT || env.details > 0) && !env.hideProto) p.str("protocol", "proto %s ", PROTOS.name(proto));
    const scope = routeScope(m);
    if ((scope !== 0 || env.details > 0) && !env.hideScope) p.str("scope", "scope %s ", SCOPES.name(scope));
  }
  if (a.prefsrc !== undefined && !env.hidePrefsrc) {
    if (p.json) p.str("prefsrc", null, a.prefsrc);
    else {
      p.text("src ");
      p.text(`${a.prefsrc} `, familyColor(m.family));
    }
  }
  if (a.priority !== undefined && !env.hideMetric) p.num("metric", "metric %s ", a.priority);
  printRtFlags(p, flags);
  if (a.mark) {
    if (p.json) p.num("mark", null, a.mark);
    else p.text(a.mark >= 16 ? `mark 0x${a.mark.toString(16)} ` : `mark ${a.mark} `); // ip 6.1: decimal below 16
  }
  if (a.flow !== undefined && !env.hideFlow) printFlow(p, a.flow);
  if (a.uid !== undefined) p.num("uid", "uid %s ", a.uid);
  if ((m.family === 2 || m.family === 10) && a.cacheinfo !== undefined) {
    if (m.family === 2 && flags & RTM_F_CLONED) printCacheFlags(p, flags);
    printCacheinfo(p, a.cacheinfo, env);
  }
  if (a.metrics !== undefined) printMetrics(p, a.metrics);
  if (a.iif !== undefined && !env.hideIif) printIfidx(p, "iif", env.nameOf(a.iif));
  if (a.pref !== undefined) {
    const pref = typeof a.pref === "number" ? String(a.pref) : String(a.pref);
    p.str("pref", "pref %s", pref);
  }
  if (a.ttlPropagate !== undefined) {
    // iproute2 6.1's spelling, key and text alike (print_route)
    p.bool("ttl-propogate", null, a.ttlPropagate !== 0);
    p.text(`ttl-propogate ${a.ttlPropagate ? "enabled" : "disabled"}`);
  }
  if (a.nhId !== undefined && env.details > 0 && env.nexthopOf !== undefined) printNhInfo(p, a.nhId, env);
  if (a.multipath !== undefined) printMultipath(p, m, env);
  p.text("\n");
}

/** print_cache_nexthop_id: "\n\tnh_info " (a line break even under -oneline) and the nexthop as `ip -d nexthop show` prints it. */
function printNhInfo(p: Printer, id: number, env: RouteShowEnv): void {
  const nh = env.nexthopOf!(id);
  if (nh === undefined) return;
  p.text("\n\tnh_info ");
  p.obj("nh_info");
  printNexthopEntry(p, nh, { devName: (i) => env.nameOf(i), details: env.details });
  p.endObj();
}

function printCacheFlags(p: Printer, flags: number): void {
  let f = (flags & ~0xffff) >>> 0;
  const names: Array<[number, string]> = [[0x80000000, "local"], [0x40000000, "reject"], [0x20000000, "mc"],
    [0x10000000, "brd"], [0x08000000, "dst-nat"], [0x00800000, "src-nat"], [0x00400000, "masq"],
    [0x00020000, "dst-direct"], [0x04000000, "src-direct"], [0x00040000, "redirected"], [0x01000000, "redirect"],
    [0x00200000, "fastroute"], [0x00010000, "notify"], [0x00080000, "proxy"]];
  if (p.json) p.arr("cache", null);
  else {
    p.text(`${p.sl}    cache `);
    if (f === 0) return;
    p.text("<");
  }
  for (const [bit, name] of names) {
    if (!(f & bit)) continue;
    f = (f & ~bit) >>> 0;
    if (p.json) p.str(null, null, name);
    else p.text(`${name}${f ? "," : "> "}`);
  }
  if (f) {
    if (p.json) p.str(null, null, f.toString(16));
    else p.text(`${f.toString(16)}>`);
  }
  if (p.json) p.endArr();
}

function printCacheinfo(p: Printer, ci: Record<string, number>, env: RouteShowEnv): void {
  if (ci.expires) p.num("expires", "expires %ssec ", Math.trunc(ci.expires / USER_HZ));
  if (ci.error) p.num("error", "error %s ", ci.error >>> 0);
  if (env.stats) {
    if (ci.clntref) p.num("users", "users %s ", ci.clntref);
    if (ci.used) p.num("used", "used %s ", ci.used);
    if (ci.lastuse) p.num("age", "age %ssec ", Math.trunc(ci.lastuse / USER_HZ));
  }
  if (ci.id) p.str("ipid", "ipid %s ", `0x${ci.id.toString(16).padStart(4, "0")}`);
  if (ci.ts || ci.tsage) {
    p.str("ts", "ts %s", `0x${(ci.ts ?? 0).toString(16)}`);
    p.num("tsage", "tsage %ssec ", ci.tsage ?? 0);
  }
}
