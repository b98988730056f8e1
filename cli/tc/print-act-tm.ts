/**
 * The tail most actions' print functions share in tc 6.1: print_tm (each
 * timer only when nonzero, with -s) and "\t index N ref R bind B".
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import type { TcShowCtx } from "./print-common.ts";

/** print_tm: each timer only when nonzero. */
export function printTm(p: Printer, a: TcActionSpec): void {
  if (a.installed !== undefined) p.num("installed", " installed %s sec", a.installed);
  if (a.lastUsed !== undefined) p.num("last_used", " used %s sec", a.lastUsed);
  if (a.firstUsed !== undefined) p.num("first_used", " firstused %s sec", a.firstUsed);
  if (a.expires !== undefined) p.num("expires", " expires %s sec", a.expires);
}

/** `indexText` (e.g. "\t index %s") with the index, " ref R bind B", the timers with -s, a newline. */
export function printRefs(p: Printer, a: TcActionSpec, c: TcShowCtx, indexText: string): void {
  p.num("index", indexText, a.index ?? 0);
  p.num("ref", " ref %s", a.refcnt ?? 0);
  p.num("bind", " bind %s", a.bindcnt ?? 0);
  if (c.stats) printTm(p, a);
  p.nl();
}
