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
import { printConnmark, printCsum, printNat, printSimple } from "./print-act-small.ts";
import { printCt } from "./print-act-ct.ts";
import { printCtinfo, printMpls, printSample, printSkbmod } from "./print-act-misc.ts";

/** An action kind's printer. */
export interface ActionPrinter {
  print(p: Printer, a: TcActionSpec, c: TcShowCtx): void;
  /** A field every decoded action of the kind has (lib's ActionKind.main). */
  main: string;
  /** What print_aopt prints without options (a terse dump's entry), when not "KIND " under "kind". */
  terse?: (p: Printer) => void;
}

const entry = <T>(print: (p: Printer, a: T, c: TcShowCtx) => void, main = "verdict", terse?: (p: Printer) => void): ActionPrinter =>
  ({ print: print as ActionPrinter["print"], main, ...(terse ? { terse } : {}) });

/** The added kinds' printers. */
export const MORE_ACTION_PRINTERS: ReadonlyMap<string, ActionPrinter> = new Map<string, ActionPrinter>([
  ["vlan", entry(printVlan)],
  ["tunnel_key", entry(printTunnelKey)],
  ["csum", entry(printCsum, "update")],
  ["nat", entry(printNat, "direction", (p) => p.str("type", " %s ", "nat"))],
  ["simple", entry(printSimple, "verdict", () => {})],
  ["connmark", entry(printConnmark, "zone")],
  ["ct", entry(printCt, "verdict", (p) => p.str("kind", "%s", "ct"))],
  ["skbmod", entry(printSkbmod, "verdict", () => {})],
  ["sample", entry(printSample)],
  ["mpls", entry(printMpls)],
  ["ctinfo", entry(printCtinfo, "zone")],
]);
