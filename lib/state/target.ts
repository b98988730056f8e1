/**
 * Where a state operation runs: a namespace by name or path, the calling
 * thread's own, or a StateKernel given by the caller (a fake in tests).
 */
import type { StateKernel } from "./kernel.ts";
import { openStateKernel } from "./rtnl-write.ts";
import type { StateDocument } from "./types.ts";

/** Where a state operation runs: a namespace by name or path (default: the calling thread's), or a StateKernel. */
export interface StateTarget {
  netns?: string;
  kernel?: StateKernel;
}

/** Run `fn` with the target's kernel, opening (and closing) one for a namespace name. */
export function withKernel<T>(target: StateTarget, fn: (k: StateKernel) => T): T {
  if (target.kernel !== undefined) return fn(target.kernel);
  using k = openStateKernel(target.netns);
  return fn(k);
}

/** Sysctl keys a document names (read besides the selected ones). */
export const sysctlKeys = (doc: StateDocument): string[] => Object.keys(doc.sysctls ?? {});
