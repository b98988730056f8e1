/**
 * driftState: where the live namespace departs from a document: objects
 * it lacks, objects whose settings differ, and objects it has that the
 * document does not list (what `apply --prune` would delete).
 */
import { withKernel, sysctlKeys, type StateTarget } from "./target.ts";
import { describeChange, type Change } from "./change.ts";
import { planState } from "./plan.ts";
import { validateState } from "./validate.ts";

/** One departure from the document. */
export interface Drift {
  /** missing: in the document, not in the kernel; changed: settings differ; extra: in the kernel only. */
  kind: "missing" | "changed" | "extra";
  /** The change that would repair it. */
  change: Change;
  /** "missing route 198.51.100.0/24", "changed link v0: mtu 9000 -> 1500" (document -> kernel). */
  text: string;
}

/** Compare the namespace with `doc`; an empty list means no drift. */
export function driftState(doc: unknown, target: StateTarget = {}): Drift[] {
  const d = validateState(doc);
  return withKernel(target, (k) => {
    const plan = planState(d, k.snapshot(sysctlKeys(d)), { prune: true });
    return plan.map((c): Drift => {
      const kind = c.action === "create" ? "missing" : c.action === "delete" ? "extra" : "changed";
      const line = describeChange(c);
      return { kind, change: c, text: `${kind}${line.slice(line.indexOf(" "))}` };
    });
  });
}
