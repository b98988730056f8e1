/** Declarative network state: documents, validation, export, plan, apply (all or nothing) and drift. */
export type { AddressState, LinkState, NeighbourState, NexthopState, RoutePathState, RouteState, RuleState, StateDocument, SysctlState } from "./types.ts";
export { StateDocumentError, validateState } from "./validate.ts";
export { type Change, type ChangeAction, describeChange, inverse } from "./change.ts";
export { type PlanOptions, formatPlan, planState } from "./plan.ts";
export type { Snapshot } from "./snapshot.ts";
export type { ApplyOutcome, StateKernel } from "./kernel.ts";
export { openStateKernel, RtnlStateKernel } from "./rtnl-write.ts";
export { type ApplyOptions, type ApplyResult, type StateTarget, StateApplyError, applyState } from "./apply.ts";
export { type ExportOptions, documentOf, exportState } from "./export.ts";
export { type Drift, driftState } from "./drift.ts";
export { stateJsonSchema } from "./schema.ts";
