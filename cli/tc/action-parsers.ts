/**
 * Parsers of the action kinds beside parse-filter.ts' first ones (one file
 * each: parse-vlan.ts, ...), by the kind word parse_action dispatches on.
 * Each reads a[i.i...] (after the kind word) into `spec` and leaves i.i at
 * the first word it does not take (parse_action reads cookie, hw_stats ...).
 */
import { parseVlan } from "./parse-vlan.ts";
import { parseTunnelKey } from "./parse-tunnel-key.ts";
import { parseConnmark, parseCsum, parseNat, parseSimple } from "./parse-act-small.ts";
import { parseCt } from "./parse-ct.ts";
import { parseCtinfo, parseMpls, parseSample, parseSkbmod } from "./parse-act-misc.ts";
import { parsePedit } from "./parse-pedit.ts";

/** An action kind's parser. */
export type ActionParser = (a: string[], i: { i: number }, spec: Record<string, unknown>) => void;

/** The added kinds' parsers. */
export const MORE_ACTION_PARSERS: ReadonlyMap<string, ActionParser> = new Map<string, ActionParser>([
  ["vlan", parseVlan],
  ["tunnel_key", parseTunnelKey],
  ["csum", parseCsum], ["nat", parseNat], ["simple", parseSimple], ["connmark", parseConnmark],
  ["ct", parseCt],
  ["skbmod", parseSkbmod], ["sample", parseSample], ["mpls", parseMpls], ["ctinfo", parseCtinfo],
  ["pedit", parsePedit],
]);
