/**
 * A hint to JavaScriptCore's JIT for code that runs as one-shot bulk work.
 *
 * JSC tiers a hot function up to its optimising compilers: the DFG
 * (compiles in milliseconds) and then the FTL (often 10-30 times longer).
 * A bulk route add of 100k routes calls its per-route functions 100k
 * times, enough to start FTL compiles of them and of everything inlined
 * into them: hundreds of milliseconds of CPU on a compiler thread, which
 * competes with the bulk's own thread and the kernel for the cores, for
 * code that is mostly ready when the bulk is over. `neverTopTier` keeps
 * such functions in the DFG (bun:jsc `noFTL`).
 */
import { noFTL } from "bun:jsc";

type Fn = (...args: never[]) => unknown;

/** Keep `fns`, and every method (not accessor) of each class in `classes`, out of JSC's top tier (FTL); they still reach the DFG. */
export function neverTopTier(fns: readonly Fn[], classes: ReadonlyArray<abstract new (...args: never[]) => unknown> = []): void {
  for (const f of fns) noFTL(f as (...args: unknown[]) => unknown);
  for (const c of classes) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(c.prototype))) {
      if (name !== "constructor" && typeof d.value === "function") noFTL(d.value as (...args: unknown[]) => unknown);
    }
  }
}
