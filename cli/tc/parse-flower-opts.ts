/**
 * The nested flower keys of tc 6.1's f_flower.c: tunnel options
 * (`geneve_opts`, `vxlan_opts`, `erspan_opts`, `gtp_opts`: a key nest and
 * a mask nest, flower_parse_enc_opts_*) and MPLS label stack entries
 * (`mpls lse depth N label L tc T bos B ttl T ...`, flower_parse_mpls).
 * Values as the codec holds them (codecs/tc/flower.ts encOpts/mplsOpts);
 * on bad input the lines tc prints before its `Illegal "KEY"`.
 */
import { CliError, incomplete, missarg } from "../errors.ts";
import { matches } from "../args.ts";
import { getUnsignedC, hex2mem } from "./flower-values.ts";
import type { RawAttr } from "../../codecs/core/attrset.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { toHex } from "../../codecs/core/hex.ts";

type Opts = Record<string, unknown>;
/** A key nest and its mask nest, or the text tc prints before `Illegal "KEY"` ("" for none). */
export type EncOptsResult = { key: Opts; mask: Opts } | { error: string };

/** strsep-like split that keeps empty fields. */
const fields = (s: string, sep: string): string[] => s.split(sep);

/** flower_check_enc_opt_key: exactly "CLASS:TYPE:DATA" with no empty part. */
function geneveKeyOk(t: string): boolean {
  const p = t.split(":");
  return p.length === 3 && p.every((x) => x !== "");
}

/** flower_parse_geneve_opt for one "CLASS:TYPE:DATA" (empty parts left out), or the error text. */
function geneveOpt(t: string): Opts | string {
  const out: Opts = {};
  const parts = fields(t, ":");
  for (let i = 0; i < parts.length; i++) {
    const tok = parts[i]!;
    if (i >= 3) return 'Unknown "geneve_opts" type\n';
    if (tok === "") continue;
    if (i === 0) { const v = getUnsignedC(tok, 16, 0xffff); if (v === undefined) return ""; out.class = v; }
    else if (i === 1) { const v = getUnsignedC(tok, 16, 0xff); if (v === undefined) return ""; out.type = v; }
    else { const d = hex2mem(tok, tok.length >> 1); if (d === undefined) return ""; out.data = d; }
  }
  return out;
}

function geneveList(s: string): Opts | string {
  const list: Opts[] = [];
  for (const t of fields(s, ",")) {
    const o = geneveOpt(t);
    if (typeof o === "string") return o;
    list.push(o);
  }
  return { geneve: list };
}

/** flower_parse_enc_opts_geneve: "CLASS:TYPE:DATA[/MASK][,...]"; a missing mask is ffff:ff:ff.. as long as DATA. */
export function parseGeneveOpts(s: string): EncOptsResult {
  const keys: string[] = [], masks: string[] = [];
  for (const tok of fields(s, ",")) {
    const k = tok.indexOf("/");
    const key = k < 0 ? tok : tok.slice(0, k);
    if (!geneveKeyOk(key)) return { error: "" };
    keys.push(key);
    masks.push(k < 0 ? `ffff:ff:${"f".repeat(key.length - key.lastIndexOf(":") - 1)}` : tok.slice(k + 1));
  }
  const key = geneveList(keys.join(","));
  if (typeof key === "string") return { error: key };
  const mask = geneveList(masks.join(","));
  if (typeof mask === "string") return { error: mask };
  return { key, mask };
}

/** flower_parse_enc_opts_vxlan: "GBP[/MASK]" (strtoul base 0; mask default 0xffffffff). */
export function parseVxlanOpts(s: string): EncOptsResult {
  const k = s.indexOf("/");
  const gbp = getUnsignedC(k < 0 ? s : s.slice(0, k), 0, 0xffffffff);
  const mask = getUnsignedC(k < 0 ? "0xffffffff" : s.slice(k + 1), 0, 0xffffffff);
  if (gbp === undefined || mask === undefined) return { error: "" };
  return { key: { vxlan: { gbp } }, mask: { vxlan: { gbp: mask } } };
}

function erspanOpt(s: string): Opts | string {
  const out: Opts = {};
  const names = ["ver", "index", "dir", "hwid"] as const;
  const parts = fields(s, ":");
  for (let i = 0; i < parts.length; i++) {
    if (i >= 4) return 'Unknown "geneve_opts" type\n'; // sic, f_flower.c
    if (parts[i] === "") continue;
    const v = getUnsignedC(parts[i]!, 0, i === 1 ? 0xffffffff : 0xff);
    if (v === undefined) return "";
    out[names[i]!] = v;
  }
  return out;
}

/**
 * flower_parse_enc_opts_erspan: "VER:INDEX:DIR:HWID[/MASK]"; without a mask,
 * VER's own text then ":0xffffffff:0xff:0xff". (tc crashes when there is neither
 * '/' nor ':'; refused here as bad input.)
 */
export function parseErspanOpts(s: string): EncOptsResult {
  const k = s.indexOf("/");
  let key = s, maskText: string;
  if (k >= 0) { key = s.slice(0, k); maskText = s.slice(k + 1); }
  else {
    const c = s.indexOf(":");
    if (c < 0) return { error: "" };
    maskText = `${s.slice(0, c)}:0xffffffff:0xff:0xff`;
  }
  const kv = erspanOpt(key);
  if (typeof kv === "string") return { error: kv };
  const mv = erspanOpt(maskText);
  if (typeof mv === "string") return { error: mv };
  return { key: { erspan: kv }, mask: { erspan: mv } };
}

/** flower_parse_gtp_opt: PDU_TYPE:QFI in hex (later parts ignored; tc crashes on fewer than two, refused here). */
function gtpOpt(s: string): Opts | undefined {
  const parts = fields(s, ":");
  if (parts.length < 2) return undefined;
  const out: Opts = {};
  for (let i = 0; i < 2; i++) {
    if (parts[i] === "") continue;
    const v = getUnsignedC(parts[i]!, 16, 0xff);
    if (v === undefined) return undefined;
    out[i === 0 ? "pduType" : "qfi"] = v;
  }
  return out;
}

/** flower_parse_enc_opts_gtp: "PDU_TYPE:QFI[/MASK]", mask default ff:ff. */
export function parseGtpOpts(s: string): EncOptsResult {
  const k = s.indexOf("/");
  const kv = gtpOpt(k < 0 ? s : s.slice(0, k));
  if (kv === undefined) return { error: "" };
  const mv = gtpOpt(k < 0 ? "ff:ff" : s.slice(k + 1));
  if (mv === undefined) return { error: "" };
  return { key: { gtp: kv }, mask: { gtp: mv } };
}

/** TCA_FLOWER_KEY_MPLS_OPT_LSE_* numbers (codecs/tc/flower.ts lse keys). */
const LSE = { depth: 1, ttl: 2, bos: 3, tc: 4, label: 5 } as const;

const illegal = (what: string) => new CliError(`Illegal "${what}"\n`, 1, false);

/**
 * flower_parse_mpls from the word after `mpls` (a[i.i]): `lse` groups of
 * depth/label/tc/bos/ttl (matches() each), each needing a depth; stops at
 * the first other word and leaves i.i on it.
 */
export function parseMplsLses(a: string[], i: { i: number }): Opts {
  const lse: Opts[] = [];
  const next = (): string => { if (i.i + 1 >= a.length) throw incomplete(); return a[++i.i]!; };
  while (i.i < a.length && matches(a[i.i]!, "lse")) {
    next();
    const e: Opts = {};
    let depth = 0;
    // tc adds an attribute per word: from a field given again on, the fields go raw, in order
    let raw: RawAttr[] | undefined;
    const put = (k: keyof typeof LSE, v: number) => {
      if (raw === undefined && !(k in e)) { e[k] = v; return; }
      if (raw === undefined) e.unknown = raw = [];
      const b = new Uint8Array(k === "label" ? 4 : 1);
      if (k === "label") new DataView(b.buffer).setUint32(0, v, HOST_LE); else b[0] = v;
      raw.push({ type: LSE[k], flags: 0, data: toHex(b, 0, b.length) });
    };
    while (i.i < a.length) {
      const w = a[i.i]!;
      if (matches(w, "depth")) {
        const d = getUnsignedC(next(), 10, 0xff);
        if (d === undefined || d < 1) throw illegal("depth");
        put("depth", depth = d);
      } else if (matches(w, "label")) {
        const v = getUnsignedC(next(), 10, 0xffffffff);
        if (v === undefined || v > 0xfffff) throw illegal("label");
        put("label", v);
      } else if (matches(w, "tc")) {
        const v = getUnsignedC(next(), 10, 0xff);
        if (v === undefined || v > 7) throw illegal("tc");
        put("tc", v);
      } else if (matches(w, "bos")) {
        const v = getUnsignedC(next(), 10, 0xff);
        if (v === undefined || v > 1) throw illegal("bos");
        put("bos", v);
      } else if (matches(w, "ttl")) {
        const v = getUnsignedC(next(), 10, 0xff);
        if (v === undefined) throw illegal("ttl");
        put("ttl", v);
      } else break;
      i.i++;
    }
    if (!depth) throw missarg("depth");
    lse.push(e);
  }
  return lse.length ? { lse } : {};
}
