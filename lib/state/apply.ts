/**
 * applyState: plan against the live namespace, then carry the plan out all
 * or nothing. When the kernel refuses a change, every change already made
 * is undone in reverse order, and the error names the refused item and
 * says whether the namespace reads back as it was before.
 */
import { describeChange, type Change } from "./change.ts";
import { planState } from "./plan.ts";
import { rollback } from "./rollback.ts";
import { sysctlKeys, withKernel, type StateTarget } from "./target.ts";
import { validateState } from "./validate.ts";

export { sysctlKeys, withKernel, type StateTarget };

/** Options of applyState. */
export interface ApplyOptions extends StateTarget {
  /** Delete what the document lacks (never what the kernel derived). */
  prune?: boolean;
  /** Plan only: return the changes without making them. */
  dryRun?: boolean;
}

/** What applyState did. */
export interface ApplyResult {
  /** The changes made (or, with dryRun, that would be made), in order. */
  changes: Change[];
  /** One line per change, as `state apply` prints them. */
  lines: string[];
}

/** A change the kernel refused; everything made before it was undone. */
export class StateApplyError extends Error {
  /** True when the namespace's configuration reads back as before the attempt. */
  readonly restored: boolean;
  constructor(
    /** The refused change. */
    readonly change: Change,
    /** Its position in the plan. */
    readonly index: number,
    /** The kernel's error (a NetlinkError, or the sysctl write's error). */
    override readonly cause: Error,
    /** How many changes were undone. */
    readonly undone: number,
    /** Undo steps that failed themselves (then the namespace is not as before). */
    readonly undoErrors: Array<{ change: Change; error: Error }>,
    /** How a fresh read of the namespace's configuration (what the kernel derived aside) differs from the read before applying: "-" lost, "+" gained. */
    readonly differences: string[],
  ) {
    const restored = differences.length === 0;
    super(`${describeChange(change)}: ${cause.message}; ${undone} change${undone === 1 ? "" : "s"} rolled back${undoErrors.length > 0 ? `, ${undoErrors.length} of them failed to roll back` : ""}${restored ? "" : ` (the namespace differs from before: ${differences.slice(0, 5).join("; ")})`}`);
    this.restored = restored;
    this.name = "StateApplyError";
  }
}

/**
 * Make a namespace match `doc`: validate it (StateDocumentError before
 * anything is sent), plan, and apply the plan; on a refusal undo what was
 * done and throw StateApplyError. Applying the same document again finds
 * nothing to change.
 */
export function applyState(doc: unknown, opts: ApplyOptions = {}): ApplyResult {
  const d = validateState(doc);
  const prune = opts.prune === true;
  return withKernel(opts, (k) => {
    const keys = sysctlKeys(d);
    const before = k.snapshot(keys);
    let plan = planState(d, before, { prune });
    if (opts.dryRun === true || plan.length === 0) return { changes: plan, lines: plan.map(describeChange) };
    // The kernel acts on its own as changes land (a bridge whose last port goes takes another MAC
    // and flushes its neighbours, permanent ones included): what a fresh read still finds to do is
    // made too, in the same all-or-nothing attempt (at most three passes).
    const changes: Change[] = [], done: Change[] = [];
    for (let pass = 0; pass < 3 && plan.length > 0; pass++) {
      const out = k.apply(plan);
      done.push(...out.applied.map((i) => plan[i]!));
      if (out.failed !== undefined) {
        const { undoErrors, differences } = rollback(k, before, done, keys);
        throw new StateApplyError(plan[out.failed.index]!, changes.length + out.failed.index, out.failed.error, done.length, undoErrors, differences);
      }
      changes.push(...plan);
      plan = planState(d, k.snapshot(keys), { prune });
    }
    return { changes, lines: changes.map(describeChange) };
  });
}
