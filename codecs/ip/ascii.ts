/**
 * A scratch byte buffer plus one TextDecoder for building short ASCII
 * strings in a single step. Measured on Bun, this gives a flat string
 * faster than concatenating ~20 pieces (a deep rope that later has to be
 * flattened) and retains ~80 instead of ~700 bytes per IPv6 string. The
 * formatters are synchronous and never call out while filling the buffer,
 * so sharing it is safe.
 */

/** Scratch space for one formatted string (longest user: 32-octet MAC, 95 chars). */
export const scratch = new Uint8Array(128);

const decoder = new TextDecoder();

/** The first `n` bytes of `scratch` as a string. */
export function scratchString(n: number): string {
  return decoder.decode(scratch.subarray(0, n));
}

/** ASCII codes of the lowercase hex digits 0..f. */
export const HEX_CODES = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
