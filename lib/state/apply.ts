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
  return withKernel(opts, (k) => {
    const before = k.snapshot(sysctlKeys(d));
    const changes = planState(d, before, { prune: opts.prune === true });
    const lines = changes.map(describeChange);
    if (opts.dryRun === true || changes.length === 0) return { changes, lines };
    const out = k.apply(changes);
    if (out.failed === undefined) return { changes, lines };
    const { undoErrors, differences } = rollback(k, before, out.applied.map((i) => changes[i]!), sysctlKeys(d));
    throw new StateApplyError(changes[out.failed.index]!, out.failed.index, out.failed.error, out.applied.length, undoErrors, differences);
  });
}
