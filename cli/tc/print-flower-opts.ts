/**
 * The nested flower keys as tc 6.1 prints them (f_flower.c
 * flower_print_mpls_opts, flower_print_enc_opts and its geneve/vxlan/
 * erspan/gtp helpers), and ppp_proto (lib/ppp_proto.c names). The tunnel
 * options read "KEY/MASK" in text only; -json gets *_opt_key and
 * *_opt_mask arrays (none for gtp), as tc prints them.
 */
import type { Printer } from "../../lib/format/printer.ts";
import { PPP_PROTO } from "./flower-values.ts";

type K = Record<string, any>;

/** flower_print_mpls_opts: "  mpls" then one "    lse depth D label L tc T bos B ttl T" line per entry. */
export function printMplsOpts(p: Printer, m: K | undefined): void {
  if (m === undefined) return;
  p.nl();
  p.text("  mpls");
  p.arr("mpls");
  for (const e of (m.lse as K[] | undefined) ?? []) {
    p.nl();
    p.text("    lse");
    p.obj(null);
    if (e.depth !== undefined) p.num("depth", " depth %s", e.depth);
    if (e.label !== undefined) p.num("label", " label %s", e.label);
    if (e.tc !== undefined) p.num("tc", " tc %s", e.tc);
    if (e.bos !== undefined) p.num("bos", " bos %s", e.bos);
    if (e.ttl !== undefined) p.num("ttl", " ttl %s", e.ttl);
    p.endObj();
  }
  p.endArr();
}

const hex = (v: number, w: number) => v.toString(16).padStart(w, "0");

/** flower_print_geneve_opts: the first option nest (tc reads only that one), JSON array `name`, text CLASS:TYPE:DATA. */
function geneve(p: Printer, name: string, list: K[]): string {
  const g = list[0] ?? {};
  const cls: number = g.class ?? 0, type: number = g.type ?? 0, data: string = g.data ?? "";
  p.arr(name);
  p.obj(null);
  p.num("class", null, cls);
  p.num("type", null, type);
  p.arr("data");
  for (let i = 0; i + 2 <= data.length; i += 2) p.num(null, null, Number.parseInt(data.slice(i, i + 2), 16));
  p.endArr();
  p.endObj();
  p.endArr();
  return `${hex(cls, 4)}:${hex(type, 2)}:${data}`;
}

function vxlan(p: Printer, name: string, v: K): string {
  const gbp: number = v.gbp ?? 0;
  p.arr(name);
  p.obj(null);
  p.num("gbp", null, gbp);
  p.endObj();
  p.endArr();
  return String(gbp);
}

/** flower_print_erspan_opts: index for version 1, dir and hwid otherwise (also for a mask). */
function erspan(p: Printer, name: string, v: K): string {
  const ver: number = v.ver ?? 0;
  const idx = ver === 1 ? (v.index ?? 0) : 0, dir = ver === 1 ? 0 : (v.dir ?? 0), hwid = ver === 1 ? 0 : (v.hwid ?? 0);
  p.arr(name);
  p.obj(null);
  p.num("ver", null, ver);
  p.num("index", null, idx);
  p.num("dir", null, dir);
  p.num("hwid", null, hwid);
  p.endObj();
  p.endArr();
  return `${ver}:${idx}:${dir}:${hwid}`;
}

const gtp = (v: K): string => `${hex(v.pduType ?? 0, 2)}:${hex(v.qfi ?? 0, 2)}`;

/** flower_print_enc_opts: geneve, else vxlan, else erspan, else gtp; text "  TYPE_opts KEY/MASK". */
export function printEncOpts(p: Printer, key: K | undefined, mask: K | undefined): void {
  if (key === undefined) return;
  const m = mask ?? {};
  let word: string, k: string, mk = "";
  if (key.geneve !== undefined && key.geneve.length) {
    word = "geneve";
    k = geneve(p, "geneve_opt_key", key.geneve);
    if (m.geneve !== undefined && m.geneve.length) mk = geneve(p, "geneve_opt_mask", m.geneve);
  } else if (key.vxlan !== undefined) {
    word = "vxlan";
    k = vxlan(p, "vxlan_opt_key", key.vxlan);
    if (m.vxlan !== undefined) mk = vxlan(p, "vxlan_opt_mask", m.vxlan);
  } else if (key.erspan !== undefined) {
    word = "erspan";
    k = erspan(p, "erspan_opt_key", key.erspan);
    if (m.erspan !== undefined) mk = erspan(p, "erspan_opt_mask", m.erspan);
  } else if (key.gtp !== undefined) {
    word = "gtp";
    k = gtp(key.gtp);
    if (m.gtp !== undefined) mk = gtp(m.gtp);
  } else return;
  p.nl();
  if (!p.json) p.text(`  ${word}_opts ${k}/${mk}`);
}

/** ppp_proto_n2a: the lib/ppp_proto.c name or "[N]". */
export function printPppProto(p: Printer, v: number | undefined): void {
  if (v === undefined) return;
  const name = Object.entries(PPP_PROTO).find(([, n]) => n === v)?.[0] ?? `[${v}]`;
  p.nl();
  p.str("ppp_proto", "  ppp_proto %s", name);
}
