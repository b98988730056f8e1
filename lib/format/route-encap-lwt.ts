/**
 * The encap bodies `ip route show` prints for seg6, seg6local, bpf, ila,
 * rpl, ioam6 and xfrm, and the geneve/vxlan/erspan options of ip/ip6
 * encaps (iproute2 6.1 ip/iproute_lwtunnel.c: print_encap_seg6 ..
 * print_encap_xfrm, lwtunnel_print_opts), text and -json, field for field.
 * Compared with `ip monitor file` on crafted messages
 * (test/format/route-encap-lwt.test.ts).
 */
import {
  decodeBpfEncap, decodeIlaEncap, decodeIoam6Encap, decodeIpEncapOpts, decodeRplEncap, decodeSeg6LocalEncap, decodeXfrmEncap,
  type BpfProg, type SrHeader,
} from "../../codecs/route/encap-lwt.ts";
import type { Seg6Srh } from "../../codecs/route/encap.ts";
import { TABLES } from "./names.ts";
import type { Printer } from "./printer.ts";

/** What the encap printer needs of the listing: link names (ip's ll_index_to_name) and -s. */
export interface EncapEnv {
  nameOf(index: number): string;
  stats: number;
}

const SEG6_MODES = ["inline", "encap", "l2encap", "encap.red", "l2encap.red"];
const SEG6_ACTIONS = [
  undefined, "End", "End.X", "End.T", "End.DX2", "End.DX6", "End.DX4", "End.DT6", "End.DT4", "End.B6", "End.B6.Encaps",
  "End.BM", "End.S", "End.AS", "End.AM", "End.BPF", "End.DT46",
];
const FLAVORS = [undefined, "psp", "usp", "usd", "next-csid"];
const ILA_CSUM = ["adj-transport", "neutral-map", "no-action", "neutral-map-auto"];
const ILA_IDENT: Record<number, string> = { 0: "iid", 1: "luid", 2: "virt-v4", 3: "virt-uni-v6", 4: "virt-multi-v6", 5: "nonlocal-addr", 32: "use-format" };
const ILA_HOOK = ["output", "input"];
const IOAM6_MODES = [undefined, "inline", "encap", "auto"];

/** Print the body of an encap of type `name` (hex payload, or seg6's typed header); true when `name` is one of these. */
export function printLwtEncap(p: Printer, name: string, encap: unknown, env: EncapEnv): boolean {
  const h = typeof encap === "string" ? encap : undefined;
  switch (name) {
    case "seg6": {
      const s = (encap as { srh?: Seg6Srh } | null)?.srh;
      if (s === undefined) return true;
      p.str("mode", "mode %s ", typeof s.mode === "string" ? s.mode : s.mode >= 0 && s.mode < SEG6_MODES.length ? SEG6_MODES[s.mode]! : "<unknown>");
      printSrh(p, { firstSegment: s.firstSegment, segments: s.segments, ...hmacOf(s) });
      return true;
    }
    case "seg6local":
      if (h !== undefined) printSeg6Local(p, h, env);
      return true;
    case "bpf":
      if (h !== undefined) {
        const e = decodeBpfEncap(h);
        if (e.in !== undefined) printProg(p, e.in, "in");
        if (e.out !== undefined) printProg(p, e.out, "out");
        if (e.xmit !== undefined) printProg(p, e.xmit, "xmit");
        if (e.headroom !== undefined) p.num("headroom", " %s ", e.headroom);
      }
      return true;
    case "ila":
      if (h !== undefined) {
        const e = decodeIlaEncap(h);
        if (e.locator !== undefined) p.str("locator", " %s ", e.locator);
        if (e.csumMode !== undefined) p.str("csum_mode", " csum-mode %s ", ILA_CSUM[e.csumMode] ?? "unknown");
        if (e.identType !== undefined) p.str("ident_type", " ident-type %s ", ILA_IDENT[e.identType] ?? "unknown");
        if (e.hookType !== undefined) p.str("hook_type", " hook-type %s ", ILA_HOOK[e.hookType] ?? "unknown");
      }
      return true;
    case "rpl": {
      const e = h !== undefined ? decodeRplEncap(h) : undefined;
      if (e === undefined) return true;
      p.arr("segs", `segs ${e.segmentsLeft} [ `);
      for (let i = e.segments.length - 1; i >= 0; i--) p.str(null, "%s ", e.segments[i]!);
      p.endArr("] ");
      return true;
    }
    case "ioam6":
      if (h !== undefined) printIoam6(p, h);
      return true;
    case "xfrm":
      if (h !== undefined) {
        const e = decodeXfrmEncap(h);
        if (e.ifId !== undefined) p.num("if_id", "if_id %s ", e.ifId);
        if (e.link !== undefined) p.str("link_dev", "link_dev %s ", env.nameOf(e.link));
      }
      return true;
  }
  return false;
}

/** The HMAC key id of a typed seg6 header: its TLV is the last 40 bytes of the header (sr_has_hmac: flags & 0x08). */
function hmacOf(s: Seg6Srh): { hmacKeyId?: number } {
  if (!(s.flags & 0x08) || s.tlvs === undefined) return {};
  // the TLV starts ((hdrlen + 1) << 3) - 40 bytes into the header; the key id 4 bytes into the TLV
  const at = ((s.hdrlen + 1) << 3) - 40 + 4 - (8 + 16 * s.segments.length);
  if (at < 0 || s.tlvs.length < 2 * (at + 4)) return {};
  return { hmacKeyId: parseInt(s.tlvs.slice(2 * at, 2 * at + 8), 16) };
}

function printSrh(p: Printer, s: SrHeader): void {
  p.arr("segs", `segs ${s.firstSegment + 1} [ `);
  for (let i = Math.min(s.firstSegment, s.segments.length - 1); i >= 0; i--) p.str(null, "%s ", s.segments[i]!);
  p.endArr("] ");
  if (s.hmacKeyId !== undefined) {
    if (p.json) p.str("hmac", null, s.hmacKeyId === 0 ? "0" : `0x${s.hmacKeyId.toString(16)}`);
    else p.text(`hmac ${s.hmacKeyId.toString(16).toUpperCase()} `);
  }
}

function printProg(p: Printer, prog: BpfProg, key: string): void {
  if (p.json) p.str(key, null, prog.name ?? "<unknown>");
  else p.text(prog.name !== undefined ? `${key} ${prog.name} ` : `${key} `);
}

function printSeg6Local(p: Printer, h: string, env: EncapEnv): void {
  const e = decodeSeg6LocalEncap(h);
  if (e.action === undefined) return;
  p.str("action", "action %s ", e.action > 16 ? "<invalid>" : SEG6_ACTIONS[e.action] ?? "<unknown>");
  if (e.srh !== undefined) {
    p.obj("srh");
    printSrh(p, e.srh);
    p.endObj();
  }
  if (e.table !== undefined) p.str("table", "table %s ", TABLES.name(e.table));
  if (e.vrftable !== undefined) p.str("vrftable", "vrftable %s ", TABLES.name(e.vrftable));
  if (e.nh4 !== undefined) p.str("nh4", "nh4 %s ", e.nh4);
  if (e.nh6 !== undefined) p.str("nh6", "nh6 %s ", e.nh6);
  if (e.iif !== undefined) p.str("iif", "iif %s ", env.nameOf(e.iif));
  if (e.oif !== undefined) p.str("oif", "oif %s ", env.nameOf(e.oif));
  if (e.bpf !== undefined) printProg(p, e.bpf, "endpoint");
  if (e.counters !== undefined && env.stats > 0) {
    const c = e.counters;
    if (p.json) {
      p.obj("stats64");
      p.num("packets", null, c.packets);
      p.num("bytes", null, c.bytes);
      p.num("errors", null, c.errors);
      p.endObj();
    } else p.text(`packets ${c.packets} bytes ${c.bytes} errors ${c.errors} `);
  }
  if (e.flavors !== undefined) {
    const f = e.flavors;
    if (f.operation !== undefined) {
      const names = FLAVORS.filter((n, i) => n !== undefined && f.operation! & (1 << i)) as string[];
      if (p.json) {
        p.arr("flavors");
        for (const n of names) p.str(null, null, n);
        p.endArr();
      } else p.text(`flavors ${names.join(",")} `);
    }
    if (f.lblen !== undefined) p.num("lblen", "lblen %s ", f.lblen);
    if (f.nflen !== undefined) p.num("nflen", "nflen %s ", f.nflen);
  }
}

function printIoam6(p: Printer, h: string): void {
  const e = decodeIoam6Encap(h);
  if (e.mode === undefined || e.trace === undefined || e.freqK === undefined || e.freqN === undefined) return;
  p.num("freqk", "freq %s", e.freqK);
  p.num("freqn", "/%s ", e.freqN);
  if (e.dst === undefined && e.mode !== 1) return;
  p.str("mode", "mode %s ", IOAM6_MODES[e.mode] ?? "<unknown>");
  if (e.mode !== 1) p.str("tundst", "tundst %s ", e.dst ?? "");
  p.null("trace", "trace ");
  p.null("prealloc", "prealloc ");
  if (p.json) p.str("type", null, e.trace.type.toString(16));
  else p.text(`type ${e.trace.type === 0 ? "00000000" : `0x${e.trace.type.toString(16).padStart(6, "0")}`} `);
  p.num("ns", "ns %s ", e.trace.namespaceId);
  p.num("size", "size %s ", e.trace.remlen * 4);
}

/** LWTUNNEL_IP_OPTS of an ip/ip6 encap (hex), after its flags (lwtunnel_print_opts). */
export function printIpEncapOpts(p: Printer, opts: string): void {
  const o = decodeIpEncapOpts(opts);
  if (o === undefined) return;
  p.nl();
  if ("geneve" in o) {
    p.text("\tgeneve_opts ");
    p.arr("geneve_opts");
    o.geneve.forEach((g, i) => {
      p.obj();
      p.num("class", "%s", g.class);
      p.num("type", ":%s", g.type);
      p.str("data", i < o.geneve.length - 1 ? ":%s," : ":%s ", g.data);
      p.endObj();
    });
    p.endArr();
  } else if ("vxlan" in o) {
    p.text("\tvxlan_opts ");
    p.arr("vxlan_opts");
    p.obj();
    p.num("gbp", "%s ", o.vxlan.gbp);
    p.endObj();
    p.endArr();
  } else {
    const e = o.erspan;
    p.text("\terspan_opts ");
    p.arr("erspan_opts");
    p.obj();
    p.num("ver", "%s", e.ver);
    p.num("index", ":%s", e.index);
    p.num("dir", ":%s", e.dir);
    p.num("hwid", ":%s ", e.hwid);
    p.endObj();
    p.endArr();
  }
}
