/**
 * pedit's command words and key packing as tc 6.1 has them (tc/m_pedit.c
 * parse_cmd, parse_val, pack_key, pack_key8/16/32, pack_mac, pack_ipv6):
 * `invert | set V | add V | decrement | preserve | clear [retain R]` on a
 * field of 1, 2, 4, 6 (MAC) or 16 (IPv6) bytes, into 32-bit keys with
 * tc's messages. Shared by parse-pedit.ts (offset munges) and
 * parse-pedit-hdr.ts (header fields).
 */
import { matches, getUnsigned } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { AF } from "../context.ts";
import { parsePrefixArg } from "../prefix.ts";
import { llAddrA2n } from "../neighbour-addr.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { actionIncomplete } from "./action-parse-error.ts";

/** parse_val's value types (m_pedit.h TIPV4 ... TMAC). */
export enum VType { IPV4 = 1, IPV6 = 2, U32 = 4, MAC = 5 }
/** parse_cmd's flags: PEDIT_ALLOW_DEC. */
export const ALLOW_DEC = 1;

/** struct m_pedit_key: u32 fields, val/mask in host order (before htonl). */
export interface MKey { mask: number; val: number; off: number; at: number; offmask: number; shift: number; htype: number; cmd: number }

/** The words, the selector being built (struct m_pedit_sel) and what tc printed so far. */
export interface PeditState {
  readonly a: readonly string[];
  extended: boolean;
  keys: MKey[];
  err: string[];
}

/** A C parse function's result: its return value and where it left *argv_p (unchanged on the paths that do not store it). */
export interface Step { res: number; p: number }

/** NEXT_ARG from word p: p + 1, or incomplete_command. */
export function nextArg(s: PeditState, p: number): number {
  if (p + 1 >= s.a.length) throw actionIncomplete();
  return p + 1;
}

/** A number as a C __u32. */
export const u32 = (v: number) => v >>> 0;

function packKey(s: PeditState, k: MKey): number {
  if (s.keys.length >= 128) return -1;
  if (k.off % 4) { s.err.push("offsets MUST be in 32 bit boundaries\n"); return -1; }
  if (!s.extended && (k.htype !== 0 || k.cmd !== 0)) {
    s.err.push("Munge parameters not supported. Use 'pedit ex munge ...'.\n");
    return -1;
  }
  s.keys.push({ ...k });
  return 0;
}

function packKey32(s: PeditState, retain: number, k: MKey): number {
  if (k.off > u32(k.off & ~3)) { s.err.push("pack_key32: 32 bit offsets must begin in 32bit boundaries\n"); return -1; }
  k.val = u32(k.val & retain);
  k.mask = u32(k.mask | ~retain);
  return packKey(s, k);
}

function packKey16(s: PeditState, retain: number, k: MKey): number {
  const m = [0x0000ffff, 0xff0000ff, 0xffff0000, 0];
  if (k.val > 0xffff || k.mask > 0xffff) { s.err.push("pack_key16 bad value\n"); return -1; }
  const ind = k.off & 3;
  if (ind === 3) { s.err.push(`pack_key16 bad index value ${ind}\n`); return -1; }
  const stride = 8 * (2 - ind);
  k.val = u32(u32(k.val & retain) << stride);
  k.mask = u32((u32(k.mask | ~retain) << stride) | m[ind]!);
  k.off = u32(k.off & ~3);
  return packKey(s, k);
}

function packKey8(s: PeditState, retain: number, k: MKey): number {
  const m = [0x00ffffff, 0xff00ffff, 0xffff00ff, 0xffffff00];
  if (k.val > 0xff || k.mask > 0xff) { s.err.push(`pack_key8 bad value (val ${k.val.toString(16)} mask ${k.mask.toString(16)}\n`); return -1; }
  const ind = k.off & 3;
  const stride = 8 * (3 - ind);
  k.val = u32(u32(k.val & retain) << stride);
  k.mask = u32((u32(k.mask | ~retain) << stride) | m[ind]!);
  k.off = u32(k.off & ~3);
  return packKey(s, k);
}

function packMac(s: PeditState, k: MKey, mac: DataView): number {
  let ret = 0;
  if (!(k.off & 3)) {
    k.mask = 0; k.val = mac.getUint32(0, false);
    ret |= packKey32(s, 0xffffffff, k);
    k.off = u32(k.off + 4);
    k.mask = 0; k.val = mac.getUint16(4, false);
    ret |= packKey16(s, 0xffffffff, k);
  } else if (!(k.off & 1)) {
    k.mask = 0; k.val = mac.getUint16(0, false);
    ret |= packKey16(s, 0xffffffff, k);
    k.off = u32(k.off + 4);
    k.mask = 0; k.val = mac.getUint32(2, false);
    ret |= packKey32(s, 0xffffffff, k);
  } else {
    s.err.push("pack_mac: mac offsets must begin in 32bit or 16bit boundaries\n");
    return -1;
  }
  return ret;
}

function packIpv6(s: PeditState, k: MKey, ip6: DataView): number {
  if (k.off & 3) { s.err.push("pack_ipv6: IPv6 offsets must begin in 32bit boundaries\n"); return -1; }
  for (let i = 0; i < 4; i++) {
    k.mask = 0;
    k.val = ip6.getUint32(4 * i, false);
    const ret = packKey32(s, 0xffffffff, k);
    if (ret) return ret;
    k.off = u32(k.off + 4);
  }
  return 0;
}

/** get_u32(word, base): strtoul over the whole word, at most 2^32-1. */
export function getU32(word: string, base: 0 | 10 | 16): number | undefined {
  if (base === 0) return getUnsigned(word);
  const n = strtoulWord(word, base);
  return n === undefined || n > 0xffffffffn ? undefined : Number(n);
}

/** parse_val into `buf` (__u32 val[4], host memory): 0, or -1. */
function parseVal(s: PeditState, word: string, buf: DataView, type: VType): number {
  if (type === VType.U32) {
    const n = getU32(word, 0);
    if (n === undefined) return -1;
    buf.setUint32(0, n, HOST_LE);
    return 0;
  }
  if (type === VType.IPV4 || type === VType.IPV6) {
    const pfx = parsePrefixArg(word, type === VType.IPV4 ? AF.INET : AF.INET6);
    if (pfx === undefined) return -1;
    pfx.bytes.forEach((b, i) => buf.setUint8(i, b));
    return 0;
  }
  const r = llAddrA2n(word, 6);
  s.err.push(r.stderr);
  if (r.bytes === undefined || r.bytes.length !== 6) return -1;
  r.bytes.forEach((b, i) => buf.setUint8(i, b));
  return 0;
}

/** parse_cmd at word p: CMD [retain R] for a field of `len` bytes, then the keys packed. */
export function parseCmd(s: PeditState, p: number, len: number, type: VType, retain: number, k: MKey, flags: number): Step {
  const a = s.a;
  const fail: Step = { res: -1, p };
  if (p >= a.length) return fail;
  const buf = new DataView(new ArrayBuffer(16));
  const mask = new DataView(new ArrayBuffer(16));
  const o = len === 2 ? 0xffff : len === 4 ? 0xffffffff : 0xff;
  const w = a[p]!;
  if (matches(w, "invert")) {
    buf.setUint32(0, o, HOST_LE);
    mask.setUint32(0, o, HOST_LE);
  } else if (matches(w, "set") || matches(w, "add")) {
    if (matches(w, "add")) k.cmd = 1;
    if (!s.extended && k.cmd) { s.err.push("Non extended mode. only 'set' command is supported\n"); return fail; }
    p = nextArg(s, p);
    if (parseVal(s, a[p]!, buf, type)) return fail;
  } else if (matches(w, "decrement")) {
    if ((flags & ALLOW_DEC) === 0) { s.err.push("decrement command is not supported for this field\n"); return fail; }
    if (!s.extended) { s.err.push("Non extended mode. only 'set' command is supported\n"); return fail; }
    k.cmd = 1;
    buf.setUint32(0, retain, HOST_LE); // decrement by overflow
  } else if (matches(w, "preserve")) {
    retain = 0;
  } else if (!matches(w, "clear")) {
    return fail;
  }
  p++;
  if (p < a.length && matches(a[p]!, "retain")) {
    p = nextArg(s, p);
    const r = new DataView(new ArrayBuffer(4));
    if (parseVal(s, a[p]!, r, VType.U32)) return fail;
    retain = r.getUint32(0, HOST_LE);
    p++;
  }
  if (len > 4 && retain !== 0xffffffff) { s.err.push("retain is not supported for fields longer the 32 bits\n"); return fail; }
  let res: number;
  if (type === VType.MAC) res = packMac(s, k, buf);
  else if (type === VType.IPV6) res = packIpv6(s, k, buf);
  else {
    k.val = buf.getUint32(0, type === VType.IPV4 ? false : HOST_LE); // TIPV4: ntohl of the address
    k.mask = mask.getUint32(0, HOST_LE);
    if (len === 1) res = packKey8(s, retain, k);
    else if (len === 2) res = packKey16(s, retain, k);
    else if (len === 4) res = packKey32(s, retain, k);
    else return fail;
  }
  return { res, p };
}

