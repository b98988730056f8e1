/**
 * Reading words of a batch line straight from the file's bytes, for the
 * batch fast paths (route-fast.ts): numbers as the CLI's parsers read
 * them, and the last word seen in a place of the line, so that a word
 * repeated on every line (the command, the link name) becomes a string
 * once.
 */

/**
 * A dotted quad of four plain decimal parts (1..3 digits each, 0..255, no
 * leading 0 before more digits) in b[start, end), as a u32 (first octet
 * high); -1 otherwise. The other forms get_addr_ipv4 reads (inet-parts.ts:
 * fewer parts, hex, and octal, so "010" is 8) are left to the generic parse.
 */
export function quad(b: Uint8Array, start: number, end: number): number {
  let v = 0, part = 0, digits = 0, parts = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      if (++digits > 3 || (digits === 2 && part === 0)) return -1;
      part = part * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 3) return -1;
      v = v * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (digits === 0 || part > 255 || parts !== 3) return -1;
  return v * 256 + part;
}

/**
 * A decimal number of at most 10 digits in b[start, end), or -1; also -1
 * for a leading 0 before more digits: ip reads its numbers with strtoul's
 * base 0, where that is octal ("010" is 8), left to the generic parse.
 */
export function decimal(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 10 || (n > 1 && b[start] === 48)) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The last word seen in one place of a line and its text: a batch repeats
 * the same command and link name on every line, which then costs neither
 * a string nor a hash.
 */
export class LastWord<V> {
  private readonly b = new Uint8Array(16);
  private n = -1;
  word = "";
  /** What the caller made of `word` (cleared by `take`). */
  value: V | undefined;

  /** True when b[start, end) is the word seen last (`word`, `value` hold). */
  same(b: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n !== this.n) return false;
    for (let i = 0; i < n; i++) if (b[start + i] !== this.b[i]) return false;
    return true;
  }

  /** Make b[start, end) the last word (printable ASCII only: false, nothing kept, otherwise). */
  take(b: Uint8Array, start: number, end: number): boolean {
    let w = "";
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c < 0x21 || c > 0x7e) return false;
      w += String.fromCharCode(c);
    }
    const n = end - start;
    if (n <= this.b.length) {
      this.b.set(b.subarray(start, end));
      this.n = n;
    } else this.n = -1;
    this.word = w;
    this.value = undefined;
    return true;
  }
}
