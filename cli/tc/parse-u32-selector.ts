/**
 * The u32 classifier's selector words, ported from tc 6.1 f_u32.c:
 * parse_selector with its sub-parsers (u32/u16/u8 VAL MASK [at
 * [nexthdr+]OFF], ip, ip6, tcp/udp, icmp, ether, mark), pack_key and its
 * 16/8-bit forms (keys at the same offset merge), parse_offset and
 * parse_hashkey. Key values and masks are numbers of the network-order
 * words (0xc0000201 for 192.0.2.1), as nl.tc takes them. A sub-parser that
 * fails throws SelFail (with the lines tc prints before its `Illegal "..."`);
 * NEXT_ARG at the end of the line is tc's incomplete command (exit 255).
 */
import { getInteger, getUnsigned, matches } from "../args.ts";
import { incomplete } from "../errors.ts";
import { AF } from "../context.ts";
import { parsePrefixArg } from "../prefix.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import type { U32Key, U32Sel } from "../../codecs/tc/u32.ts";

/** One key of a selector (the codec's struct tc_u32_key). */
export type SelKey = U32Key;

/** struct tc_u32_sel as the words fill it (off/offoff/hoff/offshift already cut to their C field sizes): the codec's, without its lossless tail. */
export type SelState = Omit<U32Sel, "tail">;

/** A fresh zeroed selector. */
export function newSel(): SelState {
  return { flags: 0, offshift: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0, keys: [] };
}

/** A sub-parser returning -1: `lines` are what it printed before the caller's `Illegal "..."`. */
export class SelFail extends Error {
  constructor(readonly lines = "") {
    super(lines || "selector refused");
  }
}

/** Where `match mark` puts its TCA_U32_MARK (added as the words come, as parse_mark's addattr does). */
export type MarkSink = (mark: { val: number; mask: number }) => void;

/** Cursor over the words; `i` is the current word. */
export interface Cur { a: string[]; i: number }

/** NEXT_ARG: the next word must exist. */
export function nextArg(c: Cur): string {
  c.i++;
  if (c.i >= c.a.length) throw incomplete();
  return c.a[c.i]!;
}

const left = (c: Cur) => c.a.length - c.i;

/** get_u32(&v, word, base): the whole word, at most 2^32-1. */
export function getU32(w: string | undefined, base: 0 | 16): number | undefined {
  if (w === undefined || w === "") return undefined;
  const n = strtoulWord(w, base);
  return n === undefined || n > 0xffffffffn ? undefined : Number(n);
}

function fail(lines = ""): never {
  throw new SelFail(lines);
}

function packKey(sel: SelState, key: number, mask: number, off: number, offmask: number): void {
  key = (key & mask) >>> 0;
  for (const k of sel.keys) {
    if (k.off === off && k.offmask === offmask) {
      if (((key ^ k.val) & mask & k.mask) !== 0) fail();
      k.val = (k.val | key) >>> 0;
      k.mask = (k.mask | mask) >>> 0;
      return;
    }
  }
  if (sel.keys.length >= 128 || off % 4 !== 0) fail();
  sel.keys.push({ mask: mask >>> 0, val: key, off, offmask });
}

function packKey16(sel: SelState, key: number, mask: number, off: number, offmask: number): void {
  if (key > 0xffff || mask > 0xffff) fail();
  if ((off & 3) === 0) { key = (key << 16) >>> 0; mask = (mask << 16) >>> 0; }
  packKey(sel, key, mask, off & ~3, offmask);
}

function packKey8(sel: SelState, key: number, mask: number, off: number, offmask: number): void {
  if (key > 0xff || mask > 0xff) fail();
  const shift = [24, 16, 8, 0][off & 3]!;
  packKey(sel, (key << shift) >>> 0, (mask << shift) >>> 0, off & ~3, offmask);
}

/** parse_at at the word after "at": [off, offmask]. */
function parseAt(c: Cur, offmask: number): [number, number] {
  let p = c.a[c.i]!;
  if (p.length > 8 && p.startsWith("nexthdr+")) {
    offmask = -1;
    p = p.slice(8);
  } else if (matches(p, "nexthdr+")) {
    p = nextArg(c);
    offmask = -1;
  }
  const off = getInteger(p);
  if (off === undefined || p === "") fail();
  c.i++;
  return [off, offmask];
}

/** `[at OFF]` after a value: NEXT_ARG then parse_at. */
function maybeAt(c: Cur, off: number, offmask: number): [number, number] {
  if (left(c) > 0 && c.a[c.i] === "at") {
    nextArg(c);
    return parseAt(c, offmask);
  }
  return [off, offmask];
}

/** VAL (get_u32 base 0) and MASK (base 16) of parse_u32/u16/u8. */
function valMask(c: Cur): [number, number] {
  if (left(c) < 2) fail();
  const key = getU32(c.a[c.i], 0);
  if (key === undefined) fail();
  const mask = getU32(c.a[c.i + 1], 16);
  if (mask === undefined) fail();
  c.i += 2;
  return [key, mask];
}

function parseU32(c: Cur, sel: SelState, off: number, offmask: number): void {
  const [key, mask] = valMask(c);
  const [o, om] = maybeAt(c, off, offmask);
  packKey(sel, key, mask, o, om);
}

function parseU16(c: Cur, sel: SelState, off: number, offmask: number): void {
  const [key, mask] = valMask(c);
  const [o, om] = maybeAt(c, off, offmask);
  packKey16(sel, key, mask, o, om);
}

function parseU8(c: Cur, sel: SelState, off: number, offmask: number): void {
  const [key, mask] = valMask(c);
  if (key > 0xff || mask > 0xff) fail();
  const [o, om] = maybeAt(c, off, offmask);
  packKey8(sel, key, mask, o, om);
}

const word = (b: Uint8Array, j: number) => ((b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!) >>> 0;

/** get_prefix_1 of an address of one family. */
function prefixOf(w: string, family: number): { bytes: Uint8Array; bitlen: number } {
  const p = parsePrefixArg(w, family);
  if (p === undefined || (p.family !== family && !p.any)) fail();
  return { bytes: p.bytes.length ? p.bytes : new Uint8Array(family === AF.INET ? 4 : 16), bitlen: p.bitlen };
}

function parseIpAddr(c: Cur, sel: SelState, off: number): void {
  if (left(c) < 1) fail();
  const p = prefixOf(c.a[c.i]!, AF.INET);
  c.i++;
  const [o, om] = maybeAt(c, off, 0);
  const mask = p.bitlen ? (0xffffffff << (32 - p.bitlen)) >>> 0 : 0;
  packKey(sel, word(p.bytes, 0), mask, o, om);
}

function parseIp6Addr(c: Cur, sel: SelState, off: number): void {
  if (left(c) < 1) fail();
  const p = prefixOf(c.a[c.i]!, AF.INET6);
  c.i++;
  const [o, om] = maybeAt(c, off, 0);
  for (let i = 0; i < p.bitlen; i += 32) {
    const mask = i + 31 < p.bitlen ? 0xffffffff : (0xffffffff << (32 - (p.bitlen - i))) >>> 0;
    packKey(sel, word(p.bytes, i / 8), mask, o + 4 * (i / 32), om);
  }
}

function parseIp6Class(c: Cur, sel: SelState): void {
  const [key, mask] = valMask(c);
  if (key > 0xff || mask > 0xff) fail();
  packKey(sel, (key << 20) >>> 0, (mask << 20) >>> 0, 0, 0);
}

/** sscanf(w, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx"): six conversions (each cut to a byte), trailing text ignored. */
function scanMac(w: string): number[] | undefined {
  const out: number[] = [];
  let p = 0;
  for (let n = 0; n < 6; n++) {
    if (n > 0) { if (w[p] !== ":") return undefined; p++; }
    while (p < w.length && " \t\n\v\f\r".includes(w[p]!)) p++;
    let neg = false;
    if (w[p] === "+" || w[p] === "-") { neg = w[p] === "-"; p++; }
    if (w[p] === "0" && (w[p + 1] === "x" || w[p + 1] === "X") && /[0-9a-fA-F]/.test(w[p + 2] ?? "")) p += 2;
    const m = /^[0-9a-fA-F]+/.exec(w.slice(p));
    if (m === null) return undefined;
    p += m[0].length;
    const v = Number(BigInt(`0x${m[0]}`) & 0xffn);
    out.push(neg ? (256 - v) & 0xff : v);
  }
  return out;
}

function parseEtherAddr(c: Cur, sel: SelState, off: number): void {
  if (left(c) < 1) fail();
  const w = c.a[c.i]!;
  const mac = scanMac(w);
  if (mac === undefined) fail(`parse_ether_addr: improperly formed address '${w}'\n`);
  c.i++;
  const [o, om] = maybeAt(c, off, 0);
  mac.forEach((b, i) => packKey8(sel, b, 0xff, o + i, om));
}

function parseIp(c: Cur, sel: SelState): void {
  if (left(c) < 2) fail();
  const w = c.a[c.i]!;
  const u8 = (off: number) => { nextArg(c); parseU8(c, sel, off, 0); };
  const u16 = (off: number) => { nextArg(c); parseU16(c, sel, off, 0); };
  const flag = (v: number, m: number) => { c.i++; packKey16(sel, v, m, 6, 0); };
  if (w === "src") { nextArg(c); parseIpAddr(c, sel, 12); }
  else if (w === "dst") { nextArg(c); parseIpAddr(c, sel, 16); }
  else if (w === "tos" || matches(w, "dsfield") || matches(w, "precedence")) u8(1);
  else if (w === "ihl") u8(0);
  else if (w === "protocol") u8(9);
  else if (w === "nofrag") flag(0, 0x3fff);
  else if (w === "firstfrag") flag(0x2000, 0x3fff);
  else if (w === "df") flag(0x4000, 0x4000);
  else if (w === "mf") flag(0x2000, 0x2000);
  else if (w === "dport") u16(22);
  else if (w === "sport") u16(20);
  else if (w === "icmp_type") u8(20);
  else if (w === "icmp_code") u8(21);
  else fail();
}

function parseIp6(c: Cur, sel: SelState): void {
  if (left(c) < 2) fail();
  const w = c.a[c.i]!;
  if (w === "src") { nextArg(c); parseIp6Addr(c, sel, 8); }
  else if (w === "dst") { nextArg(c); parseIp6Addr(c, sel, 24); }
  else if (w === "priority") { nextArg(c); parseIp6Class(c, sel); }
  else if (w === "protocol") { nextArg(c); parseU8(c, sel, 6, 0); }
  else if (w === "flowlabel") { nextArg(c); parseU32(c, sel, 0, 0); }
  else if (w === "dport") { nextArg(c); parseU16(c, sel, 42, 0); }
  else if (w === "sport") { nextArg(c); parseU16(c, sel, 40, 0); }
  else if (w === "icmp_type") { nextArg(c); parseU8(c, sel, 40, 0); }
  else if (w === "icmp_code") { nextArg(c); parseU8(c, sel, 41, 1); } // offmask 1, as tc 6.1 has it
  else fail();
}

function parseEther(c: Cur, sel: SelState): void {
  if (left(c) < 2) fail();
  const w = c.a[c.i]!;
  if (w === "src") { nextArg(c); parseEtherAddr(c, sel, -8); }
  else if (w === "dst") { nextArg(c); parseEtherAddr(c, sel, -14); }
  else fail(`Unknown match: ether ${w}\n`);
}

/** parse_udp (also parse_tcp): src/dst VAL MASK at the next header. */
function parseUdp(c: Cur, sel: SelState): void {
  if (left(c) < 2) fail();
  const w = c.a[c.i]!;
  if (w === "src") { nextArg(c); parseU16(c, sel, 0, -1); }
  else if (w === "dst") { nextArg(c); parseU16(c, sel, 2, -1); }
  else fail();
}

function parseIcmp(c: Cur, sel: SelState): void {
  if (left(c) < 2) fail();
  const w = c.a[c.i]!;
  if (w === "type") { nextArg(c); parseU8(c, sel, 0, -1); }
  else if (w === "code") { nextArg(c); parseU8(c, sel, 1, -1); }
  else fail();
}

function parseMark(c: Cur, mark: MarkSink): void {
  if (left(c) <= 1) fail();
  const val = getU32(c.a[c.i], 0);
  if (val === undefined) fail('Illegal "mark" value\n');
  nextArg(c);
  const mask = getU32(c.a[c.i], 0);
  if (mask === undefined) fail('Illegal "mark" mask\n');
  nextArg(c);
  if ((val & mask) >>> 0 !== val) fail('Illegal "mark" (impossible combination)\n');
  mark({ val, mask });
}

/** parse_selector at c.i (the word after "match" or "sample"). */
export function parseSelector(c: Cur, sel: SelState, mark: MarkSink): void {
  if (left(c) <= 0) fail();
  const w = c.a[c.i]!;
  if (matches(w, "u32")) { nextArg(c); parseU32(c, sel, 0, 0); }
  else if (matches(w, "u16")) { nextArg(c); parseU16(c, sel, 0, 0); }
  else if (matches(w, "u8")) { nextArg(c); parseU8(c, sel, 0, 0); }
  else if (matches(w, "ip")) { nextArg(c); parseIp(c, sel); }
  else if (matches(w, "ip6")) { nextArg(c); parseIp6(c, sel); }
  else if (matches(w, "udp")) { nextArg(c); parseUdp(c, sel); }
  else if (matches(w, "tcp")) { nextArg(c); parseUdp(c, sel); }
  else if (matches(w, "icmp")) { nextArg(c); parseIcmp(c, sel); }
  else if (matches(w, "mark")) { nextArg(c); parseMark(c, mark); }
  else if (matches(w, "ether")) { nextArg(c); parseEther(c, sel); }
  else fail();
}

const s16 = (n: number) => (n << 16) >> 16;

/** parse_offset at c.i (after "offset"): plus, at, mask, shift, eat until another word. */
export function parseOffset(c: Cur, sel: SelState): void {
  while (left(c) > 0) {
    const w = c.a[c.i]!;
    if (matches(w, "plus")) {
      const off = getInteger(nextArg(c));
      if (off === undefined) fail();
      sel.off = off & 0xffff;
      sel.flags |= 2; // TC_U32_OFFSET
    } else if (matches(w, "at")) {
      const off = getInteger(nextArg(c));
      if (off === undefined) fail();
      sel.offoff = s16(off);
      if (off % 2) fail('offset "at" must be even\n');
      sel.flags |= 4; // TC_U32_VAROFFSET
    } else if (matches(w, "mask")) {
      const m = getU32(nextArg(c), 16);
      if (m === undefined || m > 0xffff) fail();
      sel.offmask = m;
      sel.flags |= 4;
    } else if (matches(w, "shift")) {
      const s = getInteger(nextArg(c));
      if (s === undefined) fail();
      sel.offshift = s & 0xff;
      sel.flags |= 4;
    } else if (matches(w, "eat")) {
      sel.flags |= 8; // TC_U32_EAT
    } else break;
    c.i++;
  }
}

/** parse_hashkey at c.i (after "hashkey"): mask (hex, 32 bits) and at (a multiple of 4). */
export function parseHashkey(c: Cur, sel: SelState): void {
  while (left(c) > 0) {
    const w = c.a[c.i]!;
    if (matches(w, "mask")) {
      const m = getU32(nextArg(c), 16);
      if (m === undefined) fail();
      sel.hmask = m;
    } else if (matches(w, "at")) {
      const n = getInteger(nextArg(c));
      if (n === undefined || n % 4) fail();
      sel.hoff = s16(n);
    } else break;
    c.i++;
  }
}

/** u32_hash_fold: the key's masked value shifted down to its mask's lowest bit. */
export function hashFold(k: SelKey): number {
  const fshift = k.mask ? 31 - Math.clz32(k.mask & -k.mask) : 0;
  return ((k.val & k.mask) >>> 0) >>> fshift;
}

/** get_unsigned base 0 (divisor words). */
export const getUnsignedWord = (w: string | undefined) => (w === undefined || w === "" ? undefined : getUnsigned(w));
