/**
 * The byte buffer the CLI's JSON route listing (route-json.ts) writes
 * into: grows as needed, writes dotted quads and decimals without making
 * strings.
 */
import { formatIPv6 } from "../codecs/ip/index.ts";

const enc = new TextEncoder();

/** "0".."255" as bytes. */
const OCTET = Array.from({ length: 256 }, (_, i) => enc.encode(String(i)));

/** A growing byte buffer that JSON is written into. */
export class Bytes {
  buf = new Uint8Array(1 << 16);
  dv = new DataView(this.buf.buffer);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  put(b: Uint8Array): void {
    this.ensure(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** An IPv4 address in dotted decimal. */
  ipv4(v: number): void {
    this.ensure(15);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 24; k >= 0; k -= 8) {
      const o = OCTET[(v >>> k) & 255]!;
      for (let i = 0; i < o.length; i++) buf[p++] = o[i]!;
      if (k) buf[p++] = 46;
    }
    this.pos = p;
  }

  /** The address of `alen` (4 or 16) bytes at b[off] as ip prints it. */
  addr(b: Uint8Array, off: number, alen: number): void {
    if (alen === 4) {
      this.ipv4(((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0);
      return;
    }
    const s = formatIPv6(b, off);
    this.ensure(s.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A decimal number, negative ones with a minus sign. */
  signed(v: number): void {
    if (v < 0) {
      this.ensure(1);
      this.buf[this.pos++] = 45;
      v = -v;
    }
    this.decimal(v);
  }

  /** A decimal number 0..2^32-1. */
  decimal(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 48 + v;
      return;
    }
    let n = 0;
    for (let x = v; x > 0; x = Math.floor(x / 10)) n++;
    let p = this.pos + n;
    this.pos = p;
    for (let x = v; x > 0; x = Math.floor(x / 10)) buf[--p] = 48 + (x % 10);
  }
}

