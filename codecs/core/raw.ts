/**
 * A generic message codec for any family: the fixed header kept as hex and
 * every attribute kept raw. Used for message types without a typed codec
 * and by tests of the engine itself.
 */
import { AttrSet, type RawAttr } from "./attrset.ts";
import { DecodeError } from "./errors.ts";
import { fromHex, toHex } from "./hex.ts";
import type { MessageCodec } from "./message.ts";

/** A message decoded without knowing its family. */
export interface RawBody {
  /** The fixed family header, hex. */
  header: string;
  attrs: { unknown?: RawAttr[] };
}

const noFields = new AttrSet<{ unknown?: RawAttr[] }>("raw-attrs", {});

/** A lossless codec for messages whose fixed header is `headerSize` bytes. */
export function rawCodec(name: string, headerSize: number): MessageCodec<RawBody> {
  const space = (headerSize + 3) & ~3;
  return {
    name,
    decode(buf, dv, off, end) {
      if (end - off < headerSize) throw new DecodeError(`header needs ${headerSize} bytes, got ${end - off}`, name, off);
      return { header: toHex(buf, off, headerSize), attrs: off + space < end ? noFields.decode(buf, dv, off + space, end) : {} };
    },
    encode(w, msg) {
      const h = fromHex(msg.header, `${name}.header`);
      if (h.length !== headerSize) throw new RangeError(`${name}.header: needs ${headerSize} bytes, got ${h.length}`);
      w.bytes(h);
      w.zeros(space - headerSize);
      noFields.encode(w, msg.attrs, `${name}.attrs`);
    },
  };
}
