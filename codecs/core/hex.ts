/** Hex helpers for raw attribute payloads kept losslessly as strings. */
import { HEX2 as HEX } from "../ip/tables.ts";
import { HOST_LE } from "./align.ts";

/** The two ASCII hex digits of each byte packed in a u16 so that they land in memory in reading order (made on first use). */
let PAIRS: Uint16Array | undefined;
let ascii: TextDecoder | undefined;
let scratch: Uint16Array | undefined;

function pairs(): Uint16Array {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    const c0 = HEX[i]!.charCodeAt(0);
    const c1 = HEX[i]!.charCodeAt(1);
    t[i] = HOST_LE ? c0 | (c1 << 8) : (c0 << 8) | c1;
  }
  return (PAIRS = t);
}

/** Value of a hex digit's char code, -1 for anything else. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) {
  DIGIT[65 + i] = 10 + i;
  DIGIT[97 + i] = 10 + i;
}

/** Lowercase hex of `len` bytes at `off` (no separators). */
export function toHex(buf: Uint8Array, off = 0, len = buf.length - off): string {
  if (len <= 64) {
    let s = "";
    for (let i = off; i < off + len; i++) s += HEX[buf[i]!];
    return s;
  }
  // Long payloads: write the ASCII digits into a scratch buffer and decode it once.
  if (scratch === undefined || scratch.length < len) scratch = new Uint16Array(Math.max(len, 256, (scratch?.length ?? 0) * 2));
  const p = PAIRS ?? pairs();
  for (let i = 0; i < len; i++) scratch[i] = p[buf[off + i]!]!;
  return (ascii ??= new TextDecoder("latin1")).decode(new Uint8Array(scratch.buffer, 0, len * 2));
}

/** Parse a hex string (even length, [0-9a-fA-F]) into bytes; TypeError naming `field` otherwise. */
export function fromHex(s: string, field = "hex"): Uint8Array {
  if (typeof s !== "string" || s.length % 2 !== 0) throw badHex(s, field);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const a = s.charCodeAt(j);
    const b = s.charCodeAt(j + 1);
    const hi = a < 128 ? DIGIT[a]! : -1;
    const lo = b < 128 ? DIGIT[b]! : -1;
    if ((hi | lo) < 0) throw badHex(s, field);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function badHex(s: unknown, field: string): TypeError {
  return new TypeError(`${field}: expected an even-length hex string, got ${JSON.stringify(s)}`);
}
