/**
 * Error helpers shared by the parsers. Every message starts with the field
 * name when one is given (`address: invalid IPv6 address "2001:db8:::1"`), so
 * callers can point at the offending option.
 */

/** `"field: "` when a field name is given, otherwise the empty string. */
export function fieldPrefix(field: string | undefined): string {
  return field === undefined || field === "" ? "" : `${field}: `;
}

/** Quote a user value for an error message (JSON escapes, long values cut). */
export function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s);
}

/** Throw a TypeError unless `s` is a string; `what` names the expected value. */
export function requireString(s: unknown, what: string, field: string | undefined): asserts s is string {
  if (typeof s !== "string") {
    const got = s === null ? "null" : Array.isArray(s) ? "array" : typeof s;
    throw new TypeError(`${fieldPrefix(field)}expected ${what} string, got ${got}`);
  }
}

/** A TypeError `field: invalid <what> "<s>"` with an optional explanation. */
export function invalid(what: string, s: string, field: string | undefined, why?: string): TypeError {
  return new TypeError(`${fieldPrefix(field)}invalid ${what} ${quote(s)}${why === undefined ? "" : `: ${why}`}`);
}

/** Throw a RangeError unless `off..off+len` lies inside `buf`. */
export function checkBounds(fn: string, buf: Uint8Array, off: number, len: number): void {
  if (!(off >= 0 && len >= 0 && off + len <= buf.length) || (off | 0) !== off) {
    throw new RangeError(`${fn}: cannot read ${len} bytes at offset ${off} of a ${buf.length}-byte buffer`);
  }
}
