/** Shared helpers for the codecs/ip tests: a seeded PRNG and hex helpers. */

/** A seeded xorshift32 generator; `next()` returns a uint32. */
export function rng(seed: number): { next(): number; byte(): number; below(n: number): number; pick<T>(xs: readonly T[]): T } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  return {
    next,
    byte: () => next() & 0xff,
    below: (n: number) => next() % n,
    pick: <T>(xs: readonly T[]): T => xs[next() % xs.length]!,
  };
}

/** Bytes from a hex string ("20010db8..."); spaces and colons are ignored. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[\s:]/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lowercase hex of bytes, no separators. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Run `fn`, expecting it to throw; return the error. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an exception");
}
