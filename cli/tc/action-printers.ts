/**
 * Printers of the action kinds beside print-action.ts' first ones (one file
 * each: print-act-vlan.ts, ...), by kind: tc 6.1's print_aopt of each
 * m_KIND.c, and the field whose absence marks a terse dump's entry.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import type { TcShowCtx } from "./print-common.ts";
import { printVlan } from "./print-act-vlan.ts";
import { printTunnelKey } from "./print-act-tunnel-key.ts";

/** An action kind's printer. */
export interface ActionPrinter {
  print(p: Printer, a: TcActionSpec, c: TcShowCtx): void;
  /** A field every decoded action of the kind has (lib's ActionKind.main). */
  main: string;
}

const entry = <T>(print: (p: Printer, a: T, c: TcShowCtx) => void, main = "verdict"): ActionPrinter => ({ print: print as ActionPrinter["print"], main });

/** The added kinds' printers. */
export const MORE_ACTION_PRINTERS: ReadonlyMap<string, ActionPrinter> = new Map<string, ActionPrinter>([
  ["vlan", entry(printVlan)],
  ["tunnel_key", entry(printTunnelKey)],
]);
