/**
 * Message codecs: a family's fixed header struct (ifinfomsg, ifaddrmsg,
 * rtmsg, ...) followed by its attribute set. The header's members become
 * top-level fields of the decoded object and the attributes go in `attrs`.
 */
import type { AttrSet } from "./attrset.ts";
import { DecodeError } from "./errors.ts";
import type { NlWriter } from "./writer.ts";

/** A fixed-size family header (struct ifinfomsg etc.). */
export interface FixedHeader<H> {
  /** Name used in DecodeError paths, e.g. "ifinfomsg". */
  readonly name: string;
  /** sizeof(struct); attributes start at NLMSG_ALIGN(size). */
  readonly size: number;
  decode(buf: Uint8Array, dv: DataView, off: number): H;
  /** Write exactly `size` bytes; TypeError/RangeError name the bad member. */
  encode(w: NlWriter, h: H, path: string): void;
}

/** Codec of one message payload of type T. */
export interface MessageCodec<T> {
  readonly name: string;
  decode(buf: Uint8Array, dv: DataView, off: number, end: number): T;
  encode(w: NlWriter, msg: T): void;
}

/** Combine a fixed header and an attribute set into a message codec: `{ ...header, attrs }`. */
export function messageCodec<H extends object, A extends object>(
  name: string, header: FixedHeader<H>, attrs: AttrSet<A>,
): MessageCodec<H & { attrs: A }> {
  const hdrSpace = (header.size + 3) & ~3;
  return {
    name,
    decode(buf, dv, off, end) {
      if (end - off < header.size) throw new DecodeError(`${header.name} needs ${header.size} bytes, got ${end - off}`, name, off);
      const h = header.decode(buf, dv, off) as H & { attrs: A };
      const aoff = off + hdrSpace;
      h.attrs = aoff < end ? attrs.decode(buf, dv, aoff, end) : ({} as A);
      return h;
    },
    encode(w, msg) {
      if (msg === null || typeof msg !== "object") throw new TypeError(`${name}: expected a message object`);
      const start = w.pos;
      header.encode(w, msg, name);
      const pad = start + hdrSpace - w.pos;
      if (pad > 0) w.zeros(pad);
      if (msg.attrs !== undefined) attrs.encode(w, msg.attrs, `${name}.attrs`);
    },
  };
}

/** Check an integer member of a header before encoding; names the member in the error. */
export function headerInt(v: unknown, min: number, max: number, path: string, dflt = 0): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new RangeError(`${path}: ${v} is out of range ${min}..${max}`);
  return v;
}
