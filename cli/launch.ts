/**
 * What the entry script (cli/bun-netlink) decides before it loads anything:
 * whether the command line may be a `monitor` one, whose socket joins its
 * groups (monitor-early.ts) before the rest of the program loads. No
 * imports: the entry's own chunk stays a few hundred bytes, and every other
 * command goes straight to main.ts and its object's module.
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
