/**
 * How many inputs the fuzz tests run. `npm test` uses a small share of each
 * test's full budget (FUZZ_SCALE, default 0.05, at least 2,000 inputs) so the
 * suite stays fast; `npm run fuzz` runs the full budgets (FUZZ_SCALE=1) and
 * `FUZZ_SCALE=10 npm run fuzz` ten times more. The seeds stay fixed, so a
 * smaller run is a prefix of the larger one's inputs.
 */

/** The share of each full budget this run uses (env FUZZ_SCALE; default 0.05). */
export const FUZZ_SCALE: number = (() => {
  const raw = process.env.FUZZ_SCALE;
  if (raw === undefined || raw === "") return 0.05;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`FUZZ_SCALE must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
})();

/** The number of inputs to run out of a test's full budget `full`. */
export function fuzzBudget(full: number): number {
  return Math.max(Math.min(full, 2_000), Math.round(full * FUZZ_SCALE));
}
