/**
 * The growing byte buffer the iproute2 byte writers (lib/format/route)
 * write into: dotted quads, IPv6 text (codecs/ip writeIPv6) and decimals
 * go in as bytes, without making strings.
 */
import { writeIPv6 } from "../../codecs/ip/index.ts";

const enc = new TextEncoder();

/** "0".."255" as bytes. */
const OCTET = Array.from({ length: 256 }, (_, i) => enc.encode(String(i)));

/** A growing byte buffer that text or JSON is written into. */
export class Bytes {
  buf: Uint8Array;
  pos = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Append `b`. */
  put(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    if (n > 24) {
      // one native copy: a loop over many bytes costs far more before the JIT has optimised it
      buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** Append one byte. */
  byte(c: number): void {
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** The address of `alen` (4 or 16) bytes at b[off] as ip prints it (inet_ntop). */
  addr(b: Uint8Array, off: number, alen: number): void {
    if (this.pos + 48 > this.buf.length) this.grow(48);
    const buf = this.buf;
    if (alen !== 4) {
      this.pos = writeIPv6(b, off, buf, this.pos);
      return;
    }
    let p = this.pos;
    for (let k = 0; k < 4; k++) {
      const o = OCTET[b[off + k]!]!;
      for (let i = 0; i < o.length; i++) buf[p++] = o[i]!;
      if (k < 3) buf[p++] = 46;
    }
    this.pos = p;
  }

  /** A decimal number, negative ones with a minus sign. */
  signed(v: number): void {
    if (v < 0) {
      this.byte(45);
      v = -v;
    }
    this.decimal(v);
  }

  /** A decimal number 0..2^53. */
  decimal(v: number): void {
    if (this.pos + 16 > this.buf.length) this.grow(16);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 48 + v;
      return;
    }
    if (v < 256) {
      // prefix lengths, weights: the digits are made once (OCTET)
      const o = OCTET[v]!;
      let p = this.pos;
      for (let i = 0; i < o.length; i++) buf[p++] = o[i]!;
      this.pos = p;
      return;
    }
    let n = 0;
    for (let x = v; x > 0; x = Math.floor(x / 10)) n++;
    let p = this.pos + n;
    this.pos = p;
    for (let x = v; x > 0; x = Math.floor(x / 10)) buf[--p] = 48 + (x % 10);
  }
}
