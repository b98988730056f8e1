/** Small statistics over benchmark samples. */

/** Median (mean of the middle two for an even count); NaN for none. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median of the defined values, undefined if there are none. */
export function medianOf(xs: Array<number | undefined>): number | undefined {
  const d = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return d.length === 0 ? undefined : median(d);
}

/** Rotate `xs` left by `k` (alternating contender order between rounds). */
export function rotate<T>(xs: readonly T[], k: number): T[] {
  if (xs.length === 0) return [];
  const r = ((k % xs.length) + xs.length) % xs.length;
  return [...xs.slice(r), ...xs.slice(0, r)];
}
