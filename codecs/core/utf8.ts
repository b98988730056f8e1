/**
 * Lossless UTF-8 for netlink strings. Linux lets interface names and labels
 * hold any bytes (dev_valid_name only forbids '/', ':' and whitespace), so a
 * string attribute need not be valid UTF-8. Valid UTF-8 decodes as usual;
 * each byte of an invalid sequence decodes to the lone low surrogate
 * U+DC80..U+DCFF (the "surrogateescape" mapping), and encoding writes such a
 * lone surrogate back as its byte. Decode followed by encode therefore
 * reproduces the input bytes, valid or not. (A lone U+DC80..U+DCFF can never
 * come from decoding valid UTF-8, so the mapping is one-to-one.) Other lone
 * surrogates, which only user input can hold, encode as U+FFFD like
 * TextEncoder does.
 */

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode bytes [off, end) as UTF-8 with invalid bytes escaped to U+DC80..U+DCFF. */
export function decodeUtf8(buf: Uint8Array, off: number, end: number): string {
  if (end - off <= 32) {
    let s = "";
    for (let i = off; i < end; i++) {
      const c = buf[i]!;
      if (c > 0x7f) return decodeSlow(buf, off, end);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decodeSlow(buf, off, end);
}

function decodeSlow(buf: Uint8Array, off: number, end: number): string {
  try {
    return fatal.decode(buf.subarray(off, end));
  } catch {
    return decodeEscaped(buf, off, end);
  }
}

/** Length of the valid UTF-8 sequence starting at i (0 when invalid), per RFC 3629. */
function seqLength(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i]!;
  if (b0 < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => j < end && buf[j]! >= lo && buf[j]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80; // no overlongs
    const hi = b0 === 0xed ? 0x9f : 0xbf; // no surrogates
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf; // <= U+10FFFF
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

function decodeEscaped(buf: Uint8Array, off: number, end: number): string {
  const units: number[] = [];
  for (let i = off; i < end; ) {
    const n = seqLength(buf, i, end);
    const b0 = buf[i]!;
    if (n === 0) {
      units.push(0xdc00 | b0);
      i++;
      continue;
    }
    let cp: number;
    if (n === 1) cp = b0;
    else if (n === 2) cp = ((b0 & 0x1f) << 6) | (buf[i + 1]! & 0x3f);
    else if (n === 3) cp = ((b0 & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
    else cp = ((b0 & 0x07) << 18) | ((buf[i + 1]! & 0x3f) << 12) | ((buf[i + 2]! & 0x3f) << 6) | (buf[i + 3]! & 0x3f);
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else units.push(cp);
    i += n;
  }
  let s = "";
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}

/**
 * Write `s` as UTF-8 through `put` (one byte at a time) and return the byte
 * count; with `put` undefined only counts. Lone U+DC80..U+DCFF write their
 * byte, other lone surrogates U+FFFD.
 */
export function encodeUtf8(s: string, put?: (b: number) => void): number {
  let n = 0;
  const emit = (b: number): void => {
    put?.(b);
    n++;
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      emit(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        emit(0xf0 | (cp >> 18)); emit(0x80 | ((cp >> 12) & 0x3f)); emit(0x80 | ((cp >> 6) & 0x3f)); emit(0x80 | (cp & 0x3f));
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      emit(c & 0xff); // an escaped byte
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      emit(0xc0 | (c >> 6)); emit(0x80 | (c & 0x3f));
    } else {
      emit(0xe0 | (c >> 12)); emit(0x80 | ((c >> 6) & 0x3f)); emit(0x80 | (c & 0x3f));
    }
  }
  return n;
}

/** Byte length of `s` encoded by {@link encodeUtf8}. */
export function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return encodeUtf8(s);
  return s.length;
}
