/**
 * The only door between the state engine and a namespace: read it into a
 * snapshot, carry out changes. The planner and the apply/rollback logic
 * talk to this interface, so they are tested on a fake (test/state) and
 * the kernel behaviour on the kernel; rtnl-read.ts and rtnl-write.ts
 * implement it with the typed API.
 */
import type { Change } from "./change.ts";
import type { Snapshot } from "./snapshot.ts";

/** Outcome of carrying out a list of changes. */
export interface ApplyOutcome {
  /** Indexes of the changes the kernel accepted, in the order they were made. */
  applied: number[];
  /** The first change the kernel refused, with its error; none when all succeeded. */
  failed?: { index: number; error: Error };
}

/** A namespace as the state engine sees it. */
export interface StateKernel {
  /** Read the namespace; `sysctls` names the sysctl keys to read besides the selected ones. */
  snapshot(sysctls?: Iterable<string>): Snapshot;
  /**
   * Carry out `changes` in order and stop at the first refusal. Each change
   * is all or nothing by itself (a replace whose creation fails puts the old
   * object back before reporting).
   */
  apply(changes: readonly Change[]): ApplyOutcome;
}
