/**
 * `ip route add|change|replace|append|prepend|del` (ip/iproute.c
 * iproute_modify grammar and messages) on the library's RouteApi,
 * and `ip route get` (RTM_GETROUTE, printed like a listed route).
 */
import { RouteApi, type RouteMessage, type RouteSpec } from "../lib/rtnl/route/api.ts";
import type { RouteMetricsSpec, RoutePathSpec } from "../lib/rtnl/route/api.ts";
import { routeCodec, routeRequestCodec } from "../codecs/route/message.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { formatIP } from "../lib/ip.ts";
import { Printer } from "../lib/format/printer.ts";
import { Args, getRealmsOrRaw, getUnsigned, matches, unsignedArg } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, duparg2, invarg, isNetlinkError, kernelError, nodev, nodevNexthop } from "./errors.ts";
import type { LinkNames } from "./link-names.ts";
import { DSFIELDS, ipProtoId, PROTOS, rtnId, SCOPES, TABLES } from "../lib/format/names.ts";
import { needAddr, needPrefix, requestFamily, type PrefixArg } from "./prefix.ts";
import { isVrf, showEnv, usage, vrfTable } from "./route-filter.ts";
import { parseEncap } from "./route-encap.ts";
import { printRoute } from "../lib/format/route.ts";

type Mode = "add" | "change" | "replace" | "append" | "prepend" | "test" | "del";

/** ip's get_time_rtt: milliseconds, or the raw kernel value when no unit is given. */
function timeRtt(v: string, msg: string): { ms: number; raw: boolean } {
  const m = /^(\d+(?:\.\d*)?)(s|sec|secs|ms|msec|msecs)?$/i.exec(v);
  if (!m) throw invarg(msg, v);
  let t = Number(m[1]);
  const unit = m[2]?.toLowerCase();
  if (unit === "s" || unit === "sec" || unit === "secs") t *= 1000;
  return { ms: Math.ceil(t), raw: unit === undefined };
}

function familyWord(w: string): number {
  return w === "inet" ? AF.INET : w === "inet6" ? AF.INET6 : AF.UNSPEC;
}

/**
 * One `nexthop ...` group of a multipath route (parse_one_nh): stops at
 * the first word it does not know. A second `via` is ignored, as the
 * kernel reads the first RTA_GATEWAY of a path (nla_find).
 */
function parseHop(a: Args, family: number, names: LinkNames): RoutePathSpec {
  const hop: RoutePathSpec = {};
  while (!a.done) {
    const w = a.peek()!;
    if (w !== "via" && w !== "dev" && w !== "weight" && w !== "onlink" && w !== "encap" && !matches(w, "realms") && w !== "as") break;
    a.take();
    if (w === "via") {
      let v = a.value();
      let fam = familyWord(v);
      if (fam === AF.UNSPEC) fam = family;
      else v = a.value();
      const addr = needAddr(v, fam);
      if (hop.via !== undefined || hop.gateway !== undefined) continue;
      if (family !== AF.UNSPEC && addr.family !== family) hop.via = addr.text;
      else hop.gateway = addr.text;
    } else if (w === "dev") {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw nodevNexthop(d);
      hop.dev = i;
    } else if (w === "weight") {
      const v = a.value();
      const n = getUnsigned(v); // get_unsigned base 0
      if (n === undefined || n === 0 || n > 256) throw invarg('"weight" is invalid\n', v);
      hop.weight = n;
    } else if (w === "onlink") hop.onlink = true;
    else if (w === "encap") hop.encap = parseEncap(a);
    else if (matches(w, "realms")) hop.realms = realmsArg(a.value());
    else throw new CliError(`bun-netlink: "nexthop ... ${w}" is not supported\n`, 1, false);
  }
  return hop;
}

/** A `realms` argument (get_rt_realms_or_raw), or ip's error. */
function realmsArg(v: string): number {
  const r = getRealmsOrRaw(v);
  if (r === undefined) throw invarg('"realm" value is invalid\n', v);
  return r;
}

/** Turn the words of `ip route add ...` into a RouteSpec. */
export function parseRouteSpec(ctx: Ctx, argv: string[], names: LinkNames, del: boolean): RouteSpec {
  const a = new Args(argv);
  let family: number = requestFamily(ctx);
  const spec: Partial<RouteSpec> = {};
  const metrics: RouteMetricsSpec = {};
  const lock: string[] = [];
  let gwOk = false;
  let dst: PrefixArg | undefined;
  const metric = (name: keyof RouteMetricsSpec, msg: string, allowLock = true) => {
    let v = a.value();
    if (allowLock && v === "lock") {
      lock.push(name);
      v = a.value();
    }
    (metrics as Record<string, number>)[name] = unsignedArg(v, msg);
  };
  while (!a.done) {
    const w = a.word();
    if (w === "src") spec.src = needAddr(a.value(), family).text;
    else if (w === "via") {
      if (gwOk) throw invarg("use nexthop syntax to specify multiple via\n", w);
      gwOk = true;
      let v = a.value();
      let fam = familyWord(v);
      if (fam === AF.UNSPEC) fam = family;
      else v = a.value();
      const addr = needAddr(v, fam);
      if (family === AF.UNSPEC) family = addr.family;
      if (addr.family !== family) spec.via = addr.text;
      else spec.gateway = addr.text;
    } else if (w === "from") {
      const p = needPrefix(a.value(), family);
      if (family === AF.UNSPEC) family = p.family;
      spec.from = `${p.text}/${p.bitlen}`;
    } else if (w === "tos" || matches(w, "dsfield")) {
      const v = a.value();
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg('"tos" value is invalid\n', v);
      spec.tos = t;
    } else if (w === "expires") {
      const v = a.value();
      spec.expires = unsignedArg(v, '"expires" value is invalid\n');
    } else if (matches(w, "metric") || matches(w, "priority") || w === "preference") spec.metric = unsignedArg(a.value(), '"metric" value is invalid\n');
    else if (w === "scope") {
      const v = a.value();
      const s = SCOPES.id(v);
      if (s === undefined || s > 255) throw invarg('invalid "scope" value\n', v);
      spec.scope = s;
    } else if (w === "mtu") metric("mtu", '"mtu" value is invalid\n');
    else if (w === "hoplimit") metric("hoplimit", '"hoplimit" value is invalid\n');
    else if (w === "advmss") metric("advmss", '"mss" value is invalid\n');
    else if (matches(w, "reordering")) metric("reordering", '"reordering" value is invalid\n');
    else if (w === "rtt" || matches(w, "rttvar") || w === "rto_min") {
      const name = w === "rtt" || w === "rto_min" ? w : "rttvar"; // ip: strcmp rtt/rto_min, matches rttvar
      let v = a.value();
      const key = name === "rto_min" ? "rtoMin" : name;
      if (v === "lock") {
        lock.push(key);
        v = a.value();
      }
      const t = timeRtt(v, `"${name}" value is invalid\n`);
      const div = name === "rtt" ? 8 : name === "rttvar" ? 4 : 1;
      let ms = t.ms;
      if (t.raw) {
        if (t.ms % div !== 0) throw new CliError(`bun-netlink: a raw "${name}" of ${t.ms} is not a whole number of milliseconds; give it as NUMBERms\n`, 1, false);
        ms = t.ms / div;
      }
      (metrics as Record<string, number>)[key] = ms;
    } else if (matches(w, "window")) metric("window", '"window" value is invalid\n');
    else if (matches(w, "cwnd")) metric("cwnd", '"cwnd" value is invalid\n');
    else if (matches(w, "initcwnd")) metric("initcwnd", '"initcwnd" value is invalid\n');
    else if (matches(w, "initrwnd")) metric("initrwnd", '"initrwnd" value is invalid\n');
    else if (matches(w, "ssthresh")) metric("ssthresh", '"ssthresh" value is invalid\n');
    else if (matches(w, "realms")) spec.realms = realmsArg(a.value());
    else if (matches(w, "features")) {
      const v = a.value();
      if (v !== "ecn") throw invarg('"features" value not valid\n', v);
      metrics.features = ["ecn"];
    } else if (matches(w, "quickack")) {
      const v = a.value();
      if (v !== "0" && v !== "1") throw invarg('"quickack" value should be 0 or 1\n', v);
      metrics.quickack = v === "1";
    } else if (matches(w, "congctl")) {
      let v = a.value();
      if (v === "lock") {
        lock.push("congctl");
        v = a.value();
      }
      metrics.congctl = v;
    } else if (matches(w, "fastopen_no_cookie")) {
      const v = a.value();
      if (v !== "0" && v !== "1") throw invarg('"fastopen_no_cookie" value should be 0 or 1\n', v);
      metrics.fastopenNoCookie = v === "1";
    } else if (w === "onlink") spec.onlink = true;
    else if (w === "encap") spec.encap = parseEncap(a);
    else if (w === "nexthop") {
      // parse_nexthops: the rest of the line is nexthop groups
      const hops: RoutePathSpec[] = [];
      a.back();
      while (!a.done) {
        const n = a.take()!;
        if (n !== "nexthop") throw new CliError(`Error: "nexthop" or end of line is expected instead of "${n}"\n`, 255, true);
        if (a.done) throw new CliError('Error: unexpected end of line after "nexthop"\n', 255, true);
        hops.push(parseHop(a, family, names));
      }
      spec.multipath = hops;
    } else if (w === "nhid") spec.nhid = unsignedArg(a.value(), '"id" value is invalid\n');
    else if (matches(w, "protocol")) {
      const v = a.value();
      const pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) throw invarg('"protocol" value is invalid\n', v);
      spec.protocol = pr;
    } else if (matches(w, "table")) {
      const v = a.value();
      const t = TABLES.id(v);
      if (t === undefined) throw invarg('"table" value is invalid\n', v);
      spec.table = t;
    } else if (matches(w, "vrf")) {
      // iproute_modify: the VRF's table, as `table` would give it (ipvrf_get_table; "default" without such a link is main)
      const v = a.value();
      const t = vrfTable(ctx, v);
      if (!t) throw invarg("Invalid VRF\n", v);
      spec.table = t;
    } else if (w === "dev" || w === "oif") {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw nodev(d);
      spec.dev = i;
    } else if (matches(w, "pref")) {
      const v = a.value();
      if (v !== "low" && v !== "medium" && v !== "high") throw invarg('"pref" value is invalid\n', v);
      spec.pref = v;
    } else {
      let v = w;
      if (v === "to") v = a.value();
      const t = !/^[0-9]/.test(v) ? rtnId(v) : undefined;
      if (t !== undefined && !/^\d+$/.test(v)) {
        spec.type = t;
        v = a.value();
      }
      if (matches(v, "help")) throw usage();
      if (dst) throw duparg2("to", v);
      dst = needPrefix(v, family);
      if (family === AF.UNSPEC) family = dst.family;
    }
  }
  if (!dst) {
    if (del) throw new CliError('Error: argument "" is wrong: missing destination\n', 255, true);
    throw usage();
  }
  spec.dst = dst.any ? "default" : `${dst.text}/${dst.bitlen}`;
  if (family === AF.INET6) spec.family = 6;
  else if (family === AF.INET) spec.family = 4;
  if (Object.keys(metrics).length > 0 || lock.length > 0) spec.metrics = lock.length ? { ...metrics, lock } : metrics;
  return spec as RouteSpec;
}

/** Run add / change / replace / append / prepend / test / del. */
export function modify(ctx: Ctx, argv: string[], mode: Mode): number {
  const names = ctx.names;
  const spec = parseRouteSpec(ctx, argv, names, mode === "del");
  // like ip, leave host bits in dst/from to the kernel (IPv6 masks them, IPv4 refuses with an extended ACK)
  const api = new RouteApi(ctx.conn, { checks: "kernel" });
  try {
    if (mode === "add") api.add(spec, { echo: false });
    else if (mode === "prepend") api.prepend(spec);
    else if (mode === "replace") api.replace(spec);
    else if (mode === "append") api.append(spec);
    else if (mode === "change") api.change(spec);
    else if (mode === "del") api.delete(spec);
    else throw new CliError(`bun-netlink: "ip route ${mode}" is not supported\n`, 1, false);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

/** The address of a get_prefix result as ip sends it: none for "all"/"any" and with no family (bytelen 0), "default" the zero address. */
function addrText(p: PrefixArg): string | undefined {
  if (p.bytes.length === 0 || (p.any && p.text !== "default")) return undefined;
  return p.bytes.length === 16 ? formatIP(p.bytes, 0, 16) : Array.from(p.bytes).join(".");
}

/**
 * `ip route get ADDRESS [from A] [iif D] [oif D] [tos T] [mark M] [uid U]
 * [fibmatch] [notify] [connected] [vrf V] [as [to] A] [ipproto P] [sport N]
 * [dport N]` as ip 6.1's iproute_get: the request built word by word (a
 * prefix length other than the host's is warned about and made the host's;
 * "default"/"all" without -4/-6 send no address and ask IPv4), printed as
 * a listed route; with `connected` and no `from` ip asks twice the same and
 * prints both answers, the second as text (its JSON object is closed).
 */
export function get(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const a = new Args(argv);
  const attrs: RouteMessage["attrs"] = {};
  const flags: RouteMessage["flags"] = [];
  let family: number = requestFamily(ctx);
  let tos = 0, srcLen = 0, dstLen = 0, mark = 0;
  let idev: string | undefined, odev: string | undefined;
  let connected = false, fromOk = false, fibMatch = false, found = false;
  while (!a.done) {
    const w = a.word();
    if (w === "tos" || matches(w, "dsfield")) {
      const v = a.value();
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg("TOS value is invalid\n", v);
      tos = t;
    } else if (matches(w, "from")) {
      const v = a.value();
      if (matches(v, "help")) throw usage();
      fromOk = true;
      const p = needPrefix(v, family);
      if (family === AF.UNSPEC) family = p.family;
      const t = addrText(p);
      if (t !== undefined) attrs.src = t;
      srcLen = p.bitlen;
    } else if (matches(w, "iif")) idev = a.value();
    else if (matches(w, "mark")) mark = unsignedArg(a.value(), "invalid mark value");
    else if (matches(w, "oif") || w === "dev") odev = a.value();
    else if (matches(w, "notify")) flags.push("notify");
    else if (matches(w, "connected")) connected = true;
    else if (matches(w, "vrf")) {
      const v = a.value();
      if (!isVrf(ctx, v)) throw invarg("Invalid VRF\n", v);
      odev = v;
    } else if (matches(w, "uid")) attrs.uid = unsignedArg(a.value(), "invalid UID\n");
    else if (matches(w, "fibmatch")) fibMatch = true;
    else if (w === "as") {
      let v = a.value();
      if (v === "to") v = a.value();
      const ad = needAddr(v, family);
      if (family === AF.UNSPEC) family = ad.family;
      attrs.newdst = Buffer.from(ad.bytes).toString("hex");
    } else if (matches(w, "sport")) attrs.sport = unsignedArg(a.value(), "invalid sport\n", 0xffff);
    else if (matches(w, "dport")) attrs.dport = unsignedArg(a.value(), "invalid dport\n", 0xffff);
    else if (matches(w, "ipproto")) {
      const v = a.value();
      const n = ipProtoId(v);
      if (n === undefined) throw invarg('Invalid "ipproto" value\n', v);
      attrs.ipProto = n;
    } else {
      let v = w;
      if (v === "to") v = a.value();
      if (matches(v, "help")) throw usage();
      const p = needPrefix(v, family);
      if (family === AF.UNSPEC) family = p.family;
      const t = addrText(p);
      if (t !== undefined) attrs.dst = t;
      const host = family === AF.INET ? 32 : family === AF.INET6 ? 128 : -1;
      if (host > 0 && p.bitlen !== host) {
        ctx.io.err(`Warning: /${p.bitlen} as prefix is invalid, only /${host} (or none) is supported.\n`);
        dstLen = host;
      } else dstLen = p.bitlen;
      found = true;
    }
  }
  if (!found) throw new CliError("need at least a destination address\n", 1, false);
  for (const [dev, key] of [[idev, "iif"], [odev, "oif"]] as const) {
    if (dev === undefined) continue;
    const i = names.indexOf(dev);
    if (!i) throw nodev(dev);
    attrs[key] = i;
  }
  if (mark) attrs.mark = mark;
  if (family === AF.UNSPEC) family = AF.INET;
  if (family === AF.INET) flags.push("lookup_table");
  if (fibMatch) flags.push("fib_match");
  const req: RouteMessage = { family, dstLen, srcLen, tos, table: 0, protocol: 0, scope: 0, type: 0, flags, attrs } as RouteMessage;
  const ask = (): RouteMessage => {
    try {
      return ctx.conn.get(RTM.GETROUTE, routeRequestCodec, req, routeCodec);
    } catch (e) {
      if (isNetlinkError(e)) throw kernelError(e);
      throw e;
    }
  };
  const env = showEnv(ctx, undefined, names);
  let m = ask();
  if (connected && !fromOk) {
    ctx.io.out(printedAnswer(ctx.printer(), m, env));
    if (m.attrs.prefsrc === undefined && m.attrs.src === undefined) throw new CliError("Failed to connect the route\n", 1, false);
    // ip rewrites its copy of the answer, not the request: the same request again, printed after its JSON array closed
    m = ask();
    const color = ctx.color;
    ctx.io.out(printedAnswer(new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline, ...(color ? { color } : {}) }), m, env));
    return 0;
  }
  ctx.io.out(printedAnswer(ctx.printer(), m, env));
  return 0;
}

/** One answer of `route get` as ip prints it: a JSON array of one route, or the text line. */
function printedAnswer(p: Printer, m: RouteMessage, env: ReturnType<typeof showEnv>): string {
  p.arr(null);
  p.obj();
  printRoute(p, m, env);
  p.endObj();
  p.endArr();
  return p.json ? p.take() + "\n" : p.take();
}
