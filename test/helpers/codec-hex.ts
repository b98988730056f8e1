/**
 * Golden-byte helpers for the codec tests: a message codec driven by hex
 * strings (payload after the nlmsghdr), and the round trip every golden case
 * of a family must pass: the bytes decode to the expected object, that
 * object encodes to the bytes, and decoding then encoding gives the bytes
 * back (the codecs are lossless).
 */
import { expect, it } from "vitest";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";

/** A codec over hex strings. */
export interface HexCodec<T> {
  /** Decode a payload given as hex. */
  decode(hex: string): T;
  /** Encode a message to hex. */
  encode(m: T): string;
  /** Encode anything (partial or deliberately bad messages) with `codec` (or another codec of the family) to hex. */
  encodeLoose(m: unknown, via?: MessageCodec<T>): string;
}

/** `codec` over hex strings. */
export function hexCodec<T>(codec: MessageCodec<T>): HexCodec<T> {
  const encodeLoose = (m: unknown, via: MessageCodec<T> = codec): string => {
    const w = new NlWriter();
    via.encode(w, m as T);
    return toHex(w.toBytes());
  };
  return {
    decode(hex) {
      const b = fromHex(hex);
      return codec.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
    },
    encode: (m) => encodeLoose(m),
    encodeLoose,
  };
}

/** One test per [what, hex, expected] case: decode(hex) equals expected, encode(expected) and encode(decode(hex)) equal hex. */
export function itRoundTripsGolden<T>(cases: ReadonlyArray<readonly [what: string, hex: string, want: T]>, codec: MessageCodec<T>, title = (what: string): string => what): void {
  const { decode, encode } = hexCodec(codec);
  for (const [what, hex, want] of cases) {
    it(title(what), () => {
      expect(decode(hex)).toEqual(want);
      expect(encode(decode(hex))).toBe(hex);
      expect(encode(want)).toBe(hex);
    });
  }
}
