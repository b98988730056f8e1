/**
 * What tests ask about this kernel's optional features: probed once per run
 * by the globalSetup (test/helpers/global-setup.ts, probes in
 * test/helpers/kernel-probes.ts) and handed over with `inject`. A test whose
 * feature is missing checks what a user sees instead (the kernel's refusal as
 * a NetlinkError, matched with `lacking(feature)`) rather than skipping.
 *
 *   if (kernelLacks("lwt:seg6")) expect(refusal(() => add(seg6)).message).toMatch(lacking("lwt:seg6"));
 */
import { inject } from "vitest";
import { FEATURE_PROBES, probeAll, type KernelCaps } from "./kernel-probes.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Feature name -> null (present) or the kernel's refusal text. */
    kernelCaps: KernelCaps;
  }
}

let local: KernelCaps | undefined;

/** This kernel's capabilities: from the globalSetup when it ran, else probed here once. */
export function kernelCaps(): KernelCaps {
  let provided: KernelCaps | undefined;
  try {
    provided = inject("kernelCaps");
  } catch {
    provided = undefined;
  }
  return provided ?? (local ??= probeAll());
}

function known(feature: string): void {
  if (!FEATURE_PROBES.some((p) => p.name === feature)) throw new Error(`no probe for kernel feature "${feature}" in test/helpers/kernel-caps.ts`);
}

/** True when the probe found `feature` missing from this kernel. */
export function kernelLacks(feature: string): boolean {
  known(feature);
  return kernelCaps()[feature] != null;
}

/** The refusal text a missing `feature` produced in its probe, as a pattern for the user-visible error. */
export function lacking(feature: string): RegExp {
  known(feature);
  const text = kernelCaps()[feature];
  if (text == null) throw new Error(`kernel has ${feature}`);
  const core = text.replace(/^(Error: |RTNETLINK answers: )/, "").replace(/\.$/, "");
  return new RegExp(core.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
}

