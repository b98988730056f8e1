import { HOST_LE } from "./align.ts";
import { NLA_HDRLEN, NLMSG_HDRLEN } from "./constants.ts";
import { encodeUtf8 } from "./utf8.ts";


/**
 * A growable byte buffer for building netlink messages and attributes in
 * host byte order. Messages and nested attributes are opened with `begin*`,
 * which reserves the header and returns its offset, and closed with `end*`,
 * which patches the length and pads to 4 bytes (NLMSG_ALIGN / NLA_ALIGN).
 * One writer can hold many messages back to back (a pipelined batch).
 */
export class NlWriter {
  buf: Uint8Array;
  dv: DataView;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = new Uint8Array(initialSize);
    this.dv = new DataView(this.buf.buffer);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Forget everything written; keeps the allocation. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * A view of the bytes written so far (valid until the next write or reset).
   * The same view object comes back while the buffer and the length are the
   * same (a repeated request of one size, as a loop of gets sends), sparing
   * a typed-array allocation per request.
   */
  view(): Uint8Array {
    const v = this.#view;
    if (v !== undefined && this.#viewOf === this.buf && v.length === this.pos) return v;
    this.#viewOf = this.buf;
    return (this.#view = this.buf.subarray(0, this.pos));
  }
  #view: Uint8Array | undefined;
  #viewOf: Uint8Array | undefined;

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  u16(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.pos, v, HOST_LE);
    this.pos += 2;
  }
  u16be(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.pos, v, false);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.pos, v, HOST_LE);
    this.pos += 4;
  }
  u32be(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.pos, v, false);
    this.pos += 4;
  }
  s32(v: number): void {
    this.ensure(4);
    this.dv.setInt32(this.pos, v, HOST_LE);
    this.pos += 4;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.dv.setBigUint64(this.pos, v, HOST_LE);
    this.pos += 8;
  }
  s64(v: bigint): void {
    this.ensure(8);
    this.dv.setBigInt64(this.pos, v, HOST_LE);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  zeros(n: number): void {
    this.ensure(n);
    if (n <= 16) {
      // small runs (padding) are much faster as stores than as a fill() call
      const buf = this.buf;
      for (let i = this.pos, end = this.pos + n; i < end; i++) buf[i] = 0;
    } else this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }
  /**
   * UTF-8 string; `nul` appends the terminating zero byte. Lone
   * U+DC80..U+DCFF write the raw byte they stand for (see utf8.ts), so
   * strings decoded from invalid UTF-8 encode back to the same bytes.
   */
  string(s: string, nul = true): void {
    const n = s.length;
    this.ensure(n + 1);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        p = -1;
        break;
      }
      buf[p++] = c;
    }
    if (p < 0) {
      // Not ASCII: UTF-8 (the bytes written so far are overwritten).
      this.ensure(encodeUtf8(s) + 1);
      const out = this.buf;
      let q = this.pos;
      encodeUtf8(s, (b) => { out[q++] = b; });
      p = q;
    }
    if (nul) this.buf[p++] = 0;
    this.pos = p;
  }
  /** Zero-pad to the next multiple of 4. */
  pad4(): void {
    let p = this.pos;
    if ((p & 3) === 0) return;
    this.ensure(3);
    const buf = this.buf;
    while (p & 3) buf[p++] = 0;
    this.pos = p;
  }

  /** Reserve a struct nlmsghdr; returns its offset for `endMessage`. */
  beginMessage(type: number, flags: number, seq = 0, pid = 0): number {
    this.pad4();
    const start = this.pos;
    this.ensure(NLMSG_HDRLEN);
    const dv = this.dv;
    dv.setUint32(start, 0, HOST_LE);
    dv.setUint16(start + 4, type, HOST_LE);
    dv.setUint16(start + 6, flags, HOST_LE);
    dv.setUint32(start + 8, seq, HOST_LE);
    dv.setUint32(start + 12, pid, HOST_LE);
    this.pos += NLMSG_HDRLEN;
    return start;
  }
  /** Patch nlmsg_len of the message at `start` and pad to 4 bytes. */
  endMessage(start: number): void {
    this.dv.setUint32(start, this.pos - start, HOST_LE);
    this.pad4();
  }

  /** Reserve an attribute header (nlattr) of `type` (flag bits included); returns its offset. */
  beginAttr(type: number): number {
    const start = this.pos;
    this.ensure(NLA_HDRLEN);
    this.dv.setUint16(start + 2, type, HOST_LE);
    this.pos += NLA_HDRLEN;
    return start;
  }
  /** Patch nla_len of the attribute at `start` (unpadded length) and pad to 4 bytes. */
  endAttr(start: number): void {
    const len = this.pos - start;
    if (len > 0xffff) throw new RangeError(`attribute type ${this.dv.getUint16(start + 2, HOST_LE)} is ${len} bytes, over nla_len's 65535`);
    this.dv.setUint16(start, len, HOST_LE);
    this.pad4();
  }

  attrU8(type: number, v: number): void {
    const s = this.beginAttr(type); this.u8(v); this.endAttr(s);
  }
  attrU16(type: number, v: number): void {
    const s = this.beginAttr(type); this.u16(v); this.endAttr(s);
  }
  attrU32(type: number, v: number): void {
    this.ensure(8);
    const dv = this.dv, p = this.pos;
    dv.setUint16(p, 8, HOST_LE);
    dv.setUint16(p + 2, type, HOST_LE);
    dv.setUint32(p + 4, v, HOST_LE);
    this.pos = p + 8;
  }
  attrS32(type: number, v: number): void {
    const s = this.beginAttr(type); this.s32(v); this.endAttr(s);
  }
  attrU64(type: number, v: bigint): void {
    const s = this.beginAttr(type); this.u64(v); this.endAttr(s);
  }
  attrString(type: number, v: string): void {
    const s = this.beginAttr(type); this.string(v, true); this.endAttr(s);
  }
  attrBytes(type: number, v: Uint8Array): void {
    const s = this.beginAttr(type); this.bytes(v); this.endAttr(s);
  }
  attrFlag(type: number): void {
    const s = this.beginAttr(type); this.endAttr(s);
  }
}
