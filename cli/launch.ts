/**
 * What the entry script (cli/bun-netlink) decides before it loads anything:
 * whether the command line may be a `monitor` one, whose socket joins its
 * groups (monitor-early.ts) before the rest of the program loads, and the
 * JIT policy of the start. No imports: the entry's own chunk stays a few
 * hundred bytes, and every other command goes straight to main.ts and its
 * object's module.
 */

/**
 * True when some word could name the monitor object (ip's prefix rule: "mo"
 * and longer; "m" is maddress). A cheap superset of the exact test that
 * monitor-early.ts makes: a false positive only loads that module.
 */
export function mayBeMonitor(argv: readonly string[]): boolean {
  for (const w of argv) if (w.length >= 2 && w.length <= 7 && "monitor".startsWith(w)) return true;
  return false;
}

/**
 * JavaScriptCore's tier-up thresholds are multiplied by this while the
 * command starts (Bun.unsafe.setJITPolicy; the compiled program is built
 * with it, scripts/build.ts): a one-shot command's code runs once, and
 * compiling it costs more CPU than it saves (`-n NS link show`: about 10 ms
 * of ~60). Long runs go back to the normal policy ({@link steadyJit}).
 */
export const STARTUP_JIT_POLICY = 16;

let policy = 1;

/** Start with the reluctant JIT policy (the entry script's first statement). */
export function startupJit(): void {
  setPolicy(STARTUP_JIT_POLICY);
}

/**
 * Back to the normal JIT policy: called where a run turns out long (a
 * -batch file, monitor, output past 64 KiB), so big work gets the
 * optimising tiers as early as before. Cheap when already normal.
 */
export function steadyJit(): void {
  if (policy !== 1) setPolicy(1);
}

/** The JIT policy this module last set (1 unless the command is starting). */
export function jitPolicy(): number {
  return policy;
}

function setPolicy(scale: number): void {
  policy = scale;
  // absent in other runtimes (the library's tests run the CLI in-process under vitest)
  (globalThis as { Bun?: { unsafe?: { setJITPolicy?: (n: number) => void } } }).Bun?.unsafe?.setJITPolicy?.(scale);
}
