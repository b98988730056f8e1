/**
 * What an action kind beside action-options.ts' first six provides to
 * nl.tc (action-more.ts lists them): its TCA_ACT_OPTIONS from a spec (the
 * entries tc 6.1's m_KIND.c builds, checked field by field before any
 * request) and its spec from decoded options; plus the tc_gen header all of
 * them start with.
 */
import { int, opt } from "./check.ts";
import { verdictOf } from "./verdict.ts";

/** One action kind's spec <-> TCA_ACT_OPTIONS conversion. */
export interface ActionKind {
  /** The codec's options for spec `a` (`p` names it in errors: "actions[0]"). */
  toWire(a: Record<string, unknown>, p: string): unknown;
  /** The spec's own fields (kind included) from decoded options; index, counters and timers are added by the caller. */
  fromWire(o: any): Record<string, unknown> & { kind: string };
  /** A field every decoded spec of the kind has (a terse dump's entry, without options, lacks it). */
  main: string;
}

/** tc_gen: index (0: the kernel picks), the verdict (`dflt` when absent), zero counters. */
export function genParms(a: Record<string, unknown>, p: string, dflt: number): { index: number; capab: number; action: number; refcnt: number; bindcnt: number } {
  return {
    index: opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0,
    capab: 0,
    action: opt(a.verdict, (v) => verdictOf(v, `${p}.verdict`)) ?? dflt,
    refcnt: 0,
    bindcnt: 0,
  };
}

/** TC_ACT_PIPE, the default verdict of most kinds. */
export const PIPE = 3;
