/**
 * `tc filter add|replace|change ... flower ARGS` as tc 6.1's f_flower.c
 * flower_parse_opt reads it: the same keywords (matches() or strcmp as
 * tc has them), the same checks against the filter's protocol, the same
 * messages and exit statuses, and the options built in the order tc adds
 * their attributes (TCA_FLOWER_FLAGS, ip_flags and the protocol's
 * KEY_ETH_TYPE last; lib/rtnl/tc/filter-options.ts keeps that order).
 * A key given twice is sent twice, as tc does (options.again).
 */
import { CliError, fatal1, incomplete, invarg } from "../errors.ts";
import { matches } from "../args.ts";
import { llProtoByName, parseClassid } from "../../codecs/tc/tables.ts";
import { addrText, PPP_PROTO, getPrefixC, getUnsignedC, hex2mem, llAddrC, macText, maskBytes, validIfname } from "./flower-values.ts";
import { FLOWER_USAGE } from "./flower-usage.ts";
import { parseErspanOpts, parseGeneveOpts, parseGtpOpts, parseMplsLses, parseVxlanOpts } from "./parse-flower-opts.ts";

type Actions = (a: string[], i: { i: number }) => Array<Record<string, unknown>>;

/** What flower_parse_opt reads from the request header: protocol (host order) and parent. */
export interface FlowerHead {
  /** tcm_info's protocol: 0x0003 (all) for add/replace, 0 for change when none was given. */
  proto: number;
  /** tcm_parent (for hw_tc). */
  parent: number;
}

const P = { IP: 0x0800, IPV6: 0x86dd, ARP: 0x0806, RARP: 0x8035, Q: 0x8100, AD: 0x88a8, MPLS_UC: 0x8847, MPLS_MC: 0x8848, PPP_SES: 0x8864, ALL: 0x0003 };


/** Keys tc sends once after the words (TCA_FLOWER_FLAGS, KEY_FLAGS, KEY_ETH_TYPE), however often given. */
const FLAG_KEYS = new Set(["verbose", "skipHw", "skipSw", "keyFlags", "keyFlagsMask", "ethType"]);

function fail(msg: string): CliError {
  return new CliError(`${msg}\n`, 1, false);
}
const illegal = (what: string) => fail(`Illegal "${what}"`);

/** ll_proto_a2n: a name of tc's table (any case) or a number (base 0). */
function llProto(s: string): number | undefined {
  const byName = llProtoByName(s);
  if (byName !== undefined) return byName;
  return getUnsignedC(s, 0, 0xffff);
}

/** The FlowerHead of a command: protocol word (tc's default: all on add/replace, else 0) and parent word. */
export function flowerHead(protocol: string | number | undefined, parent: string | undefined, create: boolean): FlowerHead {
  const proto = protocol === undefined ? (create ? P.ALL : 0) : typeof protocol === "number" ? protocol : llProto(protocol) ?? 0;
  const par = parent === undefined ? 0 : parent === "root" ? 0xffffffff : parent === "ingress" ? 0xfffffff2 : parent === "egress" ? 0xfffffff3 : parseClassid(parent) ?? 0;
  return { proto, parent: par };
}

/** The value, and the mask after '/' (or undefined when there is none). */
function split(s: string): [string, string | undefined] {
  const k = s.indexOf("/");
  return k < 0 ? [s, undefined] : [s.slice(0, k), s.slice(k + 1)];
}

/** Parse `flower` words into FlowerOptions (codec keys in tc's attribute order). */
export function parseFlowerArgs(a: string[], handle: string | undefined, head: FlowerHead, parseActions: Actions): { options: Record<string, unknown>; handle?: number } {
  const out: { options: Record<string, unknown>; handle?: number } = { options: {} };
  // tc appends an attribute per word: a key given again is sent again, after the keys between
  // (the kernel keeps the last). Each repeat opens a new object, sent as options.again.
  const segs: Array<Record<string, unknown>> = [out.options];
  const o = new Proxy(out.options, {
    set(_t, k: string, v) {
      let cur = segs[segs.length - 1]!;
      if (FLAG_KEYS.has(k)) cur = segs[0]!;
      else if (k in cur) segs.push(cur = {});
      cur[k] = v;
      return true;
    },
  });
  if (handle !== undefined) {
    const h = getUnsignedC(handle, 0, 0xffffffff);
    if (h === undefined) throw fail('Illegal "handle"');
    out.handle = h;
  }
  const tcProto = head.proto;
  let ethType = tcProto;
  let vlanEthType = 0;
  let numVlans = 0;
  let ipProto = 0xff;
  let mplsOld = false, mplsNew = false;
  let mtf = 0, mtfMask = 0;
  const i = { i: 0 };
  const next = (): string => { if (i.i + 1 >= a.length) throw incomplete(); return a[++i.i]!; };
  const vlanOk = (t: number, good: boolean) => t === P.Q || t === P.AD || good;
  const u8p = (s: string | undefined, base: 0 | 10 | 16 = 10) => (s === undefined ? undefined : getUnsignedC(s, base, 0xff));
  /** flower_parse_u8 (value base 10, optional name), value then mask. */
  const maskedU8 = (s: string, key: string, fromName?: (v: string) => number | undefined, validate?: (v: number) => boolean): boolean => {
    const [v, m] = split(s);
    const val = fromName?.(v) ?? u8p(v);
    if (val === undefined || (validate && !validate(val))) return false;
    const mask = m === undefined ? 0xff : u8p(m);
    if (mask === undefined) return false;
    o[key] = val; o[`${key}Mask`] = mask;
    return true;
  };
  /** flower_parse_ip_tos_ttl: value base 10 or 16, mask base 16. */
  const tosTtl = (s: string, key: string): boolean => {
    const [v, m] = split(s);
    const val = u8p(v, 10) ?? u8p(v, 16);
    if (val === undefined) return false;
    const mask = m === undefined ? 0xff : u8p(m, 16);
    o[key] = val;
    if (mask === undefined) return false;
    o[`${key}Mask`] = mask;
    return true;
  };
  const mac = (s: string, key: string, what: string) => {
    const [v, m] = split(s);
    const addr = llAddrC(v);
    if (!Array.isArray(addr)) throw fail(`"${addr.bad}" is invalid lladdr.\nIllegal "${what}"`);
    o[key] = macText(addr);
    let mask = [255, 255, 255, 255, 255, 255];
    if (m !== undefined) {
      const bits = getUnsignedC(m, 10, 0xffffffff);
      if (bits !== undefined) {
        const n = 0xffffffffffffn << BigInt(16 + 48 - bits) & 0xffffffffffffffffn;
        mask = [56, 48, 40, 32, 24, 16].map((sh) => Number((n >> BigInt(sh)) & 0xffn));
      } else {
        const mm = llAddrC(m);
        if (!Array.isArray(mm)) throw fail(`"${mm.bad}" is invalid lladdr.\nIllegal "${what}"`);
        mask = mm;
      }
    }
    o[`${key}Mask`] = macText(mask);
  };
  const ipAddr = (s: string, family: 0 | 4 | 6 | -1, k4: string, k6: string, what: string) => {
    if (family === -1) throw illegal(what);
    const p = getPrefixC(s, family);
    if (p === undefined) throw fatal1(`Error: ${family === 4 ? "inet" : family === 6 ? "inet6" : "any valid"} prefix is expected rather than "${s}".`);
    const k = p.family === 4 ? k4 : k6;
    o[k] = addrText(p.family, p.bytes);
    o[`${k}Mask`] = addrText(p.family, maskBytes(p.family, p.bitlen));
  };
  const famOf = (t: number): 0 | 4 | 6 | -1 => (t === P.IP ? 4 : t === P.IPV6 ? 6 : t === 0 ? 0 : -1);
  const port = (s: string, src: boolean, what: string) => {
    const names = ipProto === 6 ? ["tcpSrc", "tcpDst"] : ipProto === 17 ? ["udpSrc", "udpDst"] : ipProto === 132 ? ["sctpSrc", "sctpDst"] : undefined;
    const dash = s.indexOf("-");
    let min: number | undefined, max = 0, slash = false;
    if (dash >= 0) { min = getUnsignedC(s.slice(0, dash), 10, 0xffff); const mx = min === undefined ? undefined : getUnsignedC(s.slice(dash + 1), 10, 0xffff); if (mx === undefined) min = undefined; else max = mx; }
    else min = getUnsignedC(s, 10, 0xffff);
    if (min === undefined) { min = 0; max = 0; if (dash >= 0 || !s.includes("/")) throw illegal(what); slash = true; }
    if (min && max) {
      if (max <= min) throw fail(`max value should be greater than min value\nIllegal "${what}"`);
      if (names === undefined) throw illegal(what);
      o[src ? "portSrcMin" : "portDstMin"] = min; o[src ? "portSrcMax" : "portDstMax"] = max;
    } else if (slash || (min && !max)) {
      if (names === undefined) throw illegal(what);
      const key = names[src ? 0 : 1]!;
      if (!slash) { o[key] = min; return; }
      const [v, m] = split(s);
      const val = getUnsignedC(v, 0, 0xffff), mask = m === undefined ? undefined : getUnsignedC(m, 0, 0xffff);
      if (val === undefined || mask === undefined) throw illegal(what);
      o[key] = val; o[`${key}Mask`] = mask;
    } else throw illegal(what);
  };
  const icmp = (s: string, field: "Type" | "Code", what: string) => {
    const pre = ethType === P.IP && ipProto === 1 ? "icmpv4" : ethType === P.IPV6 && ipProto === 58 ? "icmpv6" : undefined;
    if (pre === undefined || !maskedU8(s, `${pre}${field}`)) throw illegal(what);
  };
  const mpls = (what: string, s: string, key: string, max: number, u32 = false) => {
    if (ethType !== P.MPLS_UC && ethType !== P.MPLS_MC) throw fail(`Can't set "${what}" if ethertype isn't MPLS`);
    if (mplsNew) throw fail(`Can't set "${what}" if "mpls" is set`);
    mplsOld = true;
    const v = getUnsignedC(s, 10, u32 ? 0xffffffff : 0xff);
    if (v === undefined || v > max) throw illegal(what);
    o[key] = v;
  };

  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "classid") || matches(w, "flowid")) {
      const v = next();
      const c = parseClassid(v);
      if (c === undefined) throw illegal("classid");
      o.classid = c;
    } else if (matches(w, "hw_tc")) {
      const v = next();
      const tc = v === "" ? 0 : getUnsignedC(v, 0, Number.MAX_SAFE_INTEGER);
      if (tc === undefined) throw fail("Illegal TC index");
      if (tc >= 16) throw fail("TC index exceeds max range");
      o.classid = ((head.parent & 0xffff0000) | ((tc + 0xffe0) & 0xffff)) >>> 0;
    } else if (matches(w, "ip_flags")) {
      const v = next();
      for (const tok of v.split("/").filter((t) => t !== "")) {
        const no = tok.startsWith("no");
        const name = no ? tok.slice(2) : tok;
        const flag = name === "frag" ? 1 : name === "firstfrag" ? 2 : 0;
        if (!flag) throw illegal("ip_flags");
        mtf = no ? mtf & ~flag : mtf | flag;
        mtfMask |= flag;
      }
    } else if (matches(w, "verbose")) o.verbose = true;
    else if (matches(w, "skip_hw")) o.skipHw = true;
    else if (matches(w, "skip_sw")) o.skipSw = true;
    else if (matches(w, "ct_state")) {
      let s = next();
      const states: Array<[string, number]> = [["trk", 8], ["new", 1], ["est", 2], ["rel", 4], ["inv", 16], ["rpl", 32]];
      let flags = 0, mask = 0;
      while (s !== "") {
        if (s[0] !== "+" && s[0] !== "-") throw illegal("ct_state");
        const hit = states.find(([n]) => s.startsWith(n, 1));
        if (hit === undefined) throw illegal("ct_state");
        if (s[0] === "+") flags |= hit[1];
        mask |= hit[1];
        s = s.slice(hit[0].length + 1);
      }
      o.ctState = flags; o.ctStateMask = mask;
    } else if (matches(w, "ct_zone")) {
      const [v, m] = split(next());
      const val = getUnsignedC(v, 0, 0xffff), mask = m === undefined ? 0xffff : getUnsignedC(m, 0, 0xffff);
      if (val === undefined || mask === undefined) throw illegal("ct_zone");
      o.ctZone = val; o.ctZoneMask = mask;
    } else if (matches(w, "ct_mark")) {
      const [v, m] = split(next());
      const val = getUnsignedC(v, 0, 0xffffffff), mask = m === undefined ? 0xffffffff : getUnsignedC(m, 0, 0xffffffff);
      if (val === undefined || mask === undefined) throw illegal("ct_mark");
      o.ctMark = val; o.ctMarkMask = mask;
    } else if (matches(w, "ct_label")) {
      const [v, m] = split(next());
      if (v.length > 32 || (m ?? "").length > 32) throw invarg(`${v.length} Max allowed size 32`, v);
      const labels = hex2mem(v, v.length >> 1);
      if (labels === undefined) throw invarg("labels must be a hex string\n", v);
      o.ctLabels = labels;
      const lm = m === undefined ? "ff".repeat(16) : hex2mem(m, m.length >> 1);
      if (lm === undefined) throw invarg("labels mask must be a hex string\n", m!);
      o.ctLabelsMask = lm;
    } else if (matches(w, "indev")) {
      const v = next();
      if (!validIfname(v)) throw invarg('"indev" not a valid ifname', v);
      o.indev = v;
    } else if (w === "num_of_vlans") {
      const n = u8p(next());
      if (n === undefined) throw illegal("num_of_vlans");
      numVlans = n;
      o.numOfVlans = n;
    } else if (matches(w, "vlan_id") || matches(w, "cvlan_id")) {
      const c = w.startsWith("c");
      const v = next();
      if (!vlanOk(c ? vlanEthType : tcProto, c ? numVlans > 1 : numVlans > 0)) throw fail(c ? `Can't set "cvlan_id" if inner vlan ethertype isn't 802.1Q or 802.1AD and num_of_vlans is less than 2` : `Can't set "vlan_id" if ethertype isn't 802.1Q or 802.1AD and num_of_vlans is 0`);
      const vid = getUnsignedC(v, 10, 0xffff);
      if (vid === undefined || vid & ~0xfff) throw illegal(c ? "cvlan_id" : "vlan_id");
      o[c ? "cvlanId" : "vlanId"] = vid;
    } else if (matches(w, "vlan_prio") || matches(w, "cvlan_prio")) {
      const c = w.startsWith("c");
      const v = next();
      if (!vlanOk(c ? vlanEthType : tcProto, c ? numVlans > 1 : numVlans > 0)) throw fail(c ? `Can't set "cvlan_prio" if inner vlan ethertype isn't 802.1Q or 802.1AD and num_of_vlans is less than 2` : `Can't set "vlan_prio" if ethertype isn't 802.1Q or 802.1AD and num_of_vlans is 0`);
      const p = u8p(v);
      if (p === undefined || p & ~7) throw illegal(c ? "cvlan_prio" : "vlan_prio");
      o[c ? "cvlanPrio" : "vlanPrio"] = p;
    } else if (matches(w, "vlan_ethtype") || matches(w, "cvlan_ethtype")) {
      const c = w.startsWith("c");
      const v = next();
      if (!vlanOk(c ? vlanEthType : ethType, c ? numVlans > 1 : numVlans > 0)) throw fail(`Can't set "${c ? "cvlan_ethtype" : "vlan_ethtype"}" if ethertype isn't 802.1Q or 802.1AD and num_of_vlans ${c ? "less than 2" : "is 0"}`);
      const t = llProto(v);
      if (t === undefined) throw invarg("invalid vlan_ethtype", v);
      o[c ? "cvlanEthType" : "vlanEthType"] = t;
      if (c) ethType = t; else { vlanEthType = t; ethType = t; }
    } else if (matches(w, "mpls")) {
      next();
      if (ethType !== P.MPLS_UC && ethType !== P.MPLS_MC) throw fail(`Can't set "mpls" if ethertype isn't MPLS`);
      if (mplsOld) throw fail(`Can't set "mpls" if "mpls_label", "mpls_tc", "mpls_bos" or "mpls_ttl" is set`);
      mplsNew = true;
      o.mplsOpts = parseMplsLses(a, i);
      continue;
    } else if (matches(w, "mpls_label")) mpls("mpls_label", next(), "mplsLabel", 0xfffff, true);
    else if (matches(w, "mpls_tc")) mpls("mpls_tc", next(), "mplsTc", 7);
    else if (matches(w, "mpls_bos")) mpls("mpls_bos", next(), "mplsBos", 1);
    else if (matches(w, "mpls_ttl")) mpls("mpls_ttl", next(), "mplsTtl", 0xff);
    else if (matches(w, "dst_mac")) mac(next(), "ethDst", "dst_mac");
    else if (matches(w, "src_mac")) mac(next(), "ethSrc", "src_mac");
    else if (matches(w, "ip_proto")) {
      const v = next();
      let p: number | undefined;
      if (ethType !== P.IP && ethType !== P.IPV6) p = -1;
      else if (matches(v, "tcp")) p = 6;
      else if (matches(v, "udp")) p = 17;
      else if (matches(v, "sctp")) p = 132;
      else if (matches(v, "icmp")) p = ethType === P.IP ? 1 : -1;
      else if (matches(v, "icmpv6")) p = ethType === P.IPV6 ? 58 : -1;
      else p = getUnsignedC(v, 16, 0xff);
      if (p === -1) throw fail('Illegal "eth_type" for ip proto\nIllegal "ip_proto"');
      if (p === undefined) throw illegal("ip_proto");
      o.ipProto = p;
      ipProto = p;
    } else if (matches(w, "ip_tos")) { if (!tosTtl(next(), "ipTos")) throw illegal("ip_tos"); }
    else if (matches(w, "ip_ttl")) { if (!tosTtl(next(), "ipTtl")) throw illegal("ip_ttl"); }
    else if (matches(w, "dst_ip")) ipAddr(next(), famOf(ethType), "ipv4Dst", "ipv6Dst", "dst_ip");
    else if (matches(w, "src_ip")) ipAddr(next(), famOf(ethType), "ipv4Src", "ipv6Src", "src_ip");
    else if (matches(w, "dst_port")) port(next(), false, "dst_port");
    else if (matches(w, "src_port")) port(next(), true, "src_port");
    else if (matches(w, "tcp_flags")) {
      const [v, m] = split(next());
      const f = getUnsignedC(v, 16, 0xffff), mask = m === undefined ? 0xfff : getUnsignedC(m, 16, 0xffff);
      if (f === undefined || f & ~0xfff || mask === undefined || mask & ~0xfff) throw illegal("tcp_flags");
      o.tcpFlags = f; o.tcpFlagsMask = mask;
    } else if (matches(w, "type")) icmp(next(), "Type", "icmp type");
    else if (matches(w, "code")) icmp(next(), "Code", "icmp code");
    else if (matches(w, "arp_tip") || matches(w, "arp_sip")) {
      const what = matches(w, "arp_tip") ? "arp_tip" : "arp_sip";
      const v = next();
      if (ethType !== P.ARP && ethType !== P.RARP) throw illegal(what);
      ipAddr(v, 4, what === "arp_tip" ? "arpTip" : "arpSip", "", what);
    } else if (matches(w, "arp_op")) {
      const v = next();
      const ok = (ethType === P.ARP || ethType === P.RARP) &&
        maskedU8(v, "arpOp", (s) => (s === "request" ? 1 : s === "reply" ? 2 : undefined), (x) => x === 0 || x === 1 || x === 2);
      if (!ok) throw illegal("arp_op");
    } else if (matches(w, "arp_tha")) mac(next(), "arpTha", "arp_tha");
    else if (matches(w, "arp_sha")) mac(next(), "arpSha", "arp_sha");
    else if (w === "pppoe_sid") {
      const v = next();
      if (ethType !== P.PPP_SES) throw fail(`Can't set "pppoe_sid" if ethertype isn't PPPoE session`);
      const sid = getUnsignedC(v, 10, 0xffff);
      if (sid === undefined) throw illegal("pppoe_sid");
      o.pppoeSid = sid;
    } else if (matches(w, "enc_dst_ip")) ipAddr(next(), 0, "encIpv4Dst", "encIpv6Dst", "enc_dst_ip");
    else if (matches(w, "enc_src_ip")) ipAddr(next(), 0, "encIpv4Src", "encIpv6Src", "enc_src_ip");
    else if (matches(w, "enc_key_id")) {
      const k = getUnsignedC(next(), 10, 0xffffffff);
      if (k === undefined) throw illegal("enc_key_id");
      o.encKeyId = k;
    } else if (matches(w, "enc_dst_port")) {
      const p = getUnsignedC(next(), 10, 0xffff);
      if (p === undefined) throw illegal("enc_dst_port");
      o.encUdpDstPort = p;
    } else if (matches(w, "enc_tos")) { if (!tosTtl(next(), "encIpTos")) throw illegal("enc_tos"); }
    else if (matches(w, "enc_ttl")) { if (!tosTtl(next(), "encIpTtl")) throw illegal("enc_ttl"); }
    else if (w === "ppp_proto") {
      const v = next();
      if (ethType !== P.PPP_SES) throw fail(`Can't set "ppp_proto" if ethertype isn't PPPoE session`);
      const proto = PPP_PROTO[v.toLowerCase()] ?? getUnsignedC(v, 0, 0xffff);
      if (proto === undefined) throw invarg("invalid ppp_proto", v);
      // the protocol inside sets the ethertype later keys check
      ethType = proto === 0x21 ? P.IP : proto === 0x57 ? P.IPV6 : proto === 0x281 ? P.MPLS_UC : proto === 0x283 ? P.MPLS_MC : ethType;
      o.pppProto = proto;
    } else if (matches(w, "geneve_opts") || matches(w, "vxlan_opts") || matches(w, "erspan_opts") || w === "gtp_opts") {
      const what = matches(w, "geneve_opts") ? "geneve_opts" : matches(w, "vxlan_opts") ? "vxlan_opts" : matches(w, "erspan_opts") ? "erspan_opts" : "gtp_opts";
      const v = next();
      const r = (what === "geneve_opts" ? parseGeneveOpts : what === "vxlan_opts" ? parseVxlanOpts : what === "erspan_opts" ? parseErspanOpts : parseGtpOpts)(v);
      if ("error" in r) throw fail(`${r.error}Illegal "${what}"`);
      o.encOpts = r.key; o.encOptsMask = r.mask;
    } else if (matches(w, "action")) {
      next();
      o.actions = parseActions(a, i);
      continue;
    } else {
      throw new CliError(`${w !== "help" ? `What is "${w}"?\n` : ""}${FLOWER_USAGE}`, 1, false);
    }
    i.i++;
  }
  if (mtfMask) { o.keyFlags = mtf; o.keyFlagsMask = mtfMask; }
  if (tcProto !== P.ALL) o.ethType = tcProto;
  if (segs.length > 1) out.options.again = segs.slice(1);
  return out;
}
