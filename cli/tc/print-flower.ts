/**
 * flower filter options as tc 6.1 prints them (f_flower.c
 * flower_print_opt and its helpers; tc_util.c print_masked_type), from
 * the nl.tc model (codecs/tc/flower.ts keys). Text and -json come from the
 * same calls. MPLS label stacks, tunnel options and ppp_proto are printed
 * by print-flower-opts.ts.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { FlowerOptions } from "../../lib/rtnl/tc/filter-options.ts";
import type { TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import { parseIP, parseMAC } from "../../codecs/ip/index.ts";
import { ETH_P, parseClassid } from "../../codecs/tc/tables.ts";
import { printActions } from "./print-action.ts";
import { printEncOpts, printMplsOpts, printPppProto } from "./print-flower-opts.ts";
import type { TcShowCtx } from "./print-common.ts";

type K = Record<string, any>;

/** __mask_bits: the prefix length of a contiguous mask, -1 otherwise (also for an all-zero mask). */
function maskBits(b: Uint8Array): number {
  let bits = 0, hole = false;
  for (const byte of b) {
    for (let j = 7; j >= 0; j--) {
      if ((byte >> j) & 1) { if (hole) return -1; bits++; }
      else if (bits) hole = true;
      else return -1;
    }
  }
  return bits;
}

/** print_indent_name_value: "\n  NAME VALUE", JSON string. */
function indent(p: Printer, name: string, value: string): void {
  p.text(`${p.sl}  `);
  p.str(name, `${name} %s`, value);
}

/** print_masked_type (newline): "\n  NAME V" (JSON number) and "/0xMASK" (JSON NAME_mask, hex string) unless the mask is full. */
function masked(p: Printer, name: string, v: number | undefined, mask: number | undefined, max: number): void {
  if (v === undefined) return;
  p.text(`${p.sl}  `);
  p.num(name, `${name} %s`, v);
  if (mask !== undefined && mask !== max) p.str(`${name}_mask`, "/0x%s", mask.toString(16));
}

/** flower_print_masked_u8: "V" or "V/M" (or a name when the mask is full), as an indented string. */
function maskedU8(p: Printer, name: string, v: number | undefined, mask: number | undefined, toName?: (v: number) => string | undefined): void {
  if (v === undefined) return;
  const m = mask ?? 0xff;
  const s = (m === 0xff ? toName?.(v) : undefined) ?? String(v);
  indent(p, name, m !== 0xff ? `${s}/${m}` : s);
}

function ethAddr(p: Printer, name: string, a: string | undefined, m: string | undefined): void {
  if (a === undefined || parseMAC(a).length !== 6) return;
  let out = a;
  if (m !== undefined) {
    const mb = parseMAC(m);
    if (mb.length === 6) {
      const bits = maskBits(mb);
      if (bits < 0) out += `/${m}`;
      else if (bits < 48) out += `/${bits}`;
    }
  }
  indent(p, name, out);
}

function ipAddr(p: Printer, name: string, a: string | undefined, m: string | undefined, len: number): void {
  if (a === undefined || m === undefined) return;
  const ab = parseIP(a).bytes, mb = parseIP(m).bytes;
  if (ab.length !== len || mb.length !== len) return;
  const bits = maskBits(mb);
  indent(p, name, bits < 0 ? `${a}/${m}` : bits < len * 8 ? `${a}/${bits}` : a);
}

const ETH_TYPE_NAMES: Record<number, string> = { 0x0800: "ipv4", 0x86dd: "ipv6", 0x0806: "arp", 0x8035: "rarp" };
const IP_PROTO_NAMES: Record<number, string> = { 6: "tcp", 17: "udp", 132: "sctp", 1: "icmp", 58: "icmpv6" };
const PORT_KEYS: Record<number, string> = { 6: "tcp", 17: "udp", 132: "sctp" };
const CT_STATES: Array<[string, number]> = [["trk", 8], ["new", 1], ["est", 2], ["rel", 4], ["inv", 16], ["rpl", 32]];

/** ll_proto_n2a: the protocol name or "[N]". */
const protoName = (v: number): string => { const n = ETH_P.name(v); return typeof n === "string" ? n : `[${v}]`; };

function portRange(p: Printer, name: string, min: number | undefined, max: number | undefined): void {
  if (min === undefined || max === undefined) return;
  if (p.json) {
    p.obj(name);
    p.num("start", null, min);
    p.num("end", null, max);
    p.endObj();
  } else indent(p, name, `${min}-${max}`);
}

function keys(p: Printer, k: K): void {
  const line = (key: string, text: string, v: number | string | undefined, str = false) => {
    if (v === undefined) return;
    p.nl();
    if (str) p.str(key, text, String(v)); else p.num(key, text, v as number);
  };
  line("num_of_vlans", "  num_of_vlans %s", k.numOfVlans);
  line("vlan_id", "  vlan_id %s", k.vlanId);
  line("vlan_prio", "  vlan_prio %s", k.vlanPrio);
  if (k.vlanEthType !== undefined) line("vlan_ethtype", "  vlan_ethtype %s", protoName(k.vlanEthType), true);
  line("cvlan_id", "  cvlan_id %s", k.cvlanId);
  line("cvlan_prio", "  cvlan_prio %s", k.cvlanPrio);
  if (k.cvlanEthType !== undefined) line("cvlan_ethtype", "  cvlan_ethtype %s", protoName(k.cvlanEthType), true);
  ethAddr(p, "dst_mac", k.ethDst, k.ethDstMask);
  ethAddr(p, "src_mac", k.ethSrc, k.ethSrcMask);
  const ethType: number = k.ethType ?? 0;
  if (k.ethType !== undefined) line("eth_type", "  eth_type %s", ETH_TYPE_NAMES[ethType] ?? ethType.toString(16).padStart(4, "0"), true);
  const ipProto: number = k.ipProto ?? 0xff;
  if (k.ipProto !== undefined) line("ip_proto", "  ip_proto %s", IP_PROTO_NAMES[ipProto] ?? ipProto.toString(16).padStart(2, "0"), true);
  masked(p, "ip_tos", k.ipTos, k.ipTosMask, 0xff);
  masked(p, "ip_ttl", k.ipTtl, k.ipTtlMask, 0xff);
  printMplsOpts(p, k.mplsOpts);
  if (k.mplsLabel !== undefined) { p.nl(); p.text("  "); p.num("mpls_label", "mpls_label %s", k.mplsLabel); }
  maskedU8(p, "mpls_tc", k.mplsTc, undefined);
  maskedU8(p, "mpls_bos", k.mplsBos, undefined);
  maskedU8(p, "mpls_ttl", k.mplsTtl, undefined);
  const fam = ethType === 0x0800 ? 4 : ethType === 0x86dd ? 16 : 0;
  if (fam) {
    ipAddr(p, "dst_ip", fam === 4 ? k.ipv4Dst : k.ipv6Dst, fam === 4 ? k.ipv4DstMask : k.ipv6DstMask, fam);
    ipAddr(p, "src_ip", fam === 4 ? k.ipv4Src : k.ipv6Src, fam === 4 ? k.ipv4SrcMask : k.ipv6SrcMask, fam);
  }
  const pk = PORT_KEYS[ipProto];
  if (pk !== undefined) {
    masked(p, "dst_port", k[`${pk}Dst`], k[`${pk}DstMask`], 0xffff);
    masked(p, "src_port", k[`${pk}Src`], k[`${pk}SrcMask`], 0xffff);
    portRange(p, "dst_port", k.portDstMin, k.portDstMax);
    portRange(p, "src_port", k.portSrcMin, k.portSrcMax);
  }
  if (k.tcpFlags !== undefined) indent(p, "tcp_flags", `0x${k.tcpFlags.toString(16)}${k.tcpFlagsMask !== undefined ? `/${k.tcpFlagsMask.toString(16)}` : ""}`);
  const icmp = ethType === 0x0800 && ipProto === 1 ? "icmpv4" : ethType === 0x86dd && ipProto === 58 ? "icmpv6" : undefined;
  if (icmp !== undefined) {
    maskedU8(p, "icmp_type", k[`${icmp}Type`], k[`${icmp}TypeMask`]);
    maskedU8(p, "icmp_code", k[`${icmp}Code`], k[`${icmp}CodeMask`]);
  }
  ipAddr(p, "arp_sip", k.arpSip, k.arpSipMask, 4);
  ipAddr(p, "arp_tip", k.arpTip, k.arpTipMask, 4);
  maskedU8(p, "arp_op", k.arpOp, k.arpOpMask, (v) => (v === 1 ? "request" : v === 2 ? "reply" : undefined));
  ethAddr(p, "arp_sha", k.arpSha, k.arpShaMask);
  ethAddr(p, "arp_tha", k.arpTha, k.arpThaMask);
  line("pppoe_sid", "  pppoe_sid %s", k.pppoeSid);
  printPppProto(p, k.pppProto);
  const encDst4 = k.encIpv4DstMask !== undefined, encSrc4 = k.encIpv4SrcMask !== undefined;
  ipAddr(p, "enc_dst_ip", encDst4 ? k.encIpv4Dst : k.encIpv6Dst, encDst4 ? k.encIpv4DstMask : k.encIpv6DstMask, encDst4 ? 4 : 16);
  ipAddr(p, "enc_src_ip", encSrc4 ? k.encIpv4Src : k.encIpv6Src, encSrc4 ? k.encIpv4SrcMask : k.encIpv6SrcMask, encSrc4 ? 4 : 16);
  if (k.encKeyId !== undefined) { p.nl(); p.text("  "); p.num("enc_key_id", "enc_key_id %s", k.encKeyId); }
  masked(p, "enc_dst_port", k.encUdpDstPort, k.encUdpDstPortMask, 0xffff);
  masked(p, "enc_tos", k.encIpTos, k.encIpTosMask, 0xff);
  masked(p, "enc_ttl", k.encIpTtl, k.encIpTtlMask, 0xff);
  printEncOpts(p, k.encOpts, k.encOptsMask);
  if (k.keyFlagsMask !== undefined) {
    let count = 0;
    for (const [name, bit] of [["frag", 1], ["firstfrag", 2]] as const) {
      if (!(k.keyFlagsMask & bit)) continue;
      if (++count === 1) { p.nl(); p.text("  ip_flags "); p.obj("ip_flags"); } else p.text("/");
      const on = ((k.keyFlags ?? 0) & bit) !== 0;
      p.bool(name, null, on);
      p.text(on ? name : `no${name}`);
    }
    if (count) p.endObj();
  }
  if (k.ctState !== undefined) {
    const m: number = k.ctStateMask ?? 0xffff;
    let s = "";
    for (const [name, bit] of CT_STATES) if (m & bit) s += `${k.ctState & bit ? "+" : "-"}${name}`;
    line("ct_state", "  ct_state %s", s, true);
  }
  masked(p, "ct_zone", k.ctZone, k.ctZoneMask, 0xffff);
  masked(p, "ct_mark", k.ctMark, k.ctMarkMask, 0xffffffff);
  if (k.ctLabels !== undefined) {
    const v: string = k.ctLabels, m: string = k.ctLabelsMask ?? "ff".repeat(v.length / 2);
    const full = v.length === 32 && /^(ff)*$/i.test(m.slice(0, v.length));
    line("ct_label", "  ct_label %s", full ? v : `${v}/${m.slice(0, v.length)}`, true);
  }
}

/** flower_print_opt. */
export function printFlower(p: Printer, handle: number, o: FlowerOptions, c: TcShowCtx): void {
  const k = o as K;
  if (handle) p.num("handle", "handle %s ", handle, `0x${handle.toString(16)}`);
  if (o.classid !== undefined) {
    const h = parseClassid(o.classid) ?? 0, min = h & 0xffff;
    if (min < 0xffe0 || min > 0xffe0 + 15) p.str("classid", "classid %s ", o.classid);
    else p.num("hw_tc", "hw_tc %s ", min - 0xffe0);
  }
  if (k.indev !== undefined) { p.nl(); p.str("indev", "  indev %s", k.indev); }
  p.obj("keys");
  keys(p, k);
  p.endObj();
  const flag = (key: string) => { p.nl(); p.bool(key, `  ${key}`, true); };
  if (o.skipHw) flag("skip_hw");
  if (o.skipSw) flag("skip_sw");
  if (o.inHw) {
    flag("in_hw");
    if (k.inHwCount !== undefined) p.num("in_hw_count", " in_hw_count %s", k.inHwCount);
  } else if (o.notInHw) flag("not_in_hw");
  if (o.actions) printActions(p, o.actions as TcActionSpec[], c);
}
