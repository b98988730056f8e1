/**
 * ip 6.1's per-kind link help (texts in the generated link-help-texts.ts):
 * `ip link help KIND` (the kind's print_help on stdout, exit 0; without
 * one, ip's link usage), and what a kind's parse_opt does with `help` or an
 * unknown word after `type KIND` in `ip link add|set` (the help on stderr,
 * stdout for veth and vxcan, exit 1; some kinds print "KIND: unknown
 * command "WORD"?" first). Kinds ip has no parse_opt for ignore the words,
 * kinds ip knows nothing of answer "Garbage instead of arguments".
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";
import { LINK_ADD_HELP_PREFIX, LINK_ADD_HELP_STDOUT, LINK_KIND_HELP, LINK_KINDS_NO_OPTIONS, LINK_UTIL_KINDS } from "./link-help-texts.ts";
import { LINK_USAGE } from "./usage-texts.ts";

/** `ip link help [KIND ...]`: the kind's help on stdout (0), else ip's link usage (255). */
export function linkHelp(ctx: Ctx, argv: string[]): number {
  const text = argv[0] === undefined ? undefined : LINK_KIND_HELP[argv[0]];
  if (text === undefined) throw new CliError(LINK_USAGE, 255, true);
  ctx.io.out(text);
  return 0;
}

/**
 * The failure of a kind's option parser: `prefix` (e.g. `vlan: unknown
 * command "x"?\n`) then the kind's help, on the stream ip uses, exit 1.
 */
export function kindHelp(ctx: Ctx, kind: string, prefix = ""): CliError {
  const text = LINK_KIND_HELP[kind] ?? "";
  if (LINK_ADD_HELP_STDOUT.has(kind)) {
    ctx.io.out(prefix + text);
    return new CliError("", 1, false);
  }
  return new CliError(prefix + text, 1, false);
}

/**
 * Words after `type KIND` for a kind bun-netlink has no option parser for,
 * as ip treats them: ignored for kinds whose link_util has no parse_opt,
 * "help" (or an unknown kind's first word) answered as ip does; `undefined`
 * when the words are real options of a kind ip parses (not supported here).
 */
export function unparsedKindArgs(ctx: Ctx, kind: string, words: string[]): "ignore" | undefined {
  const w = words[0];
  if (w === undefined || LINK_KINDS_NO_OPTIONS.has(kind)) return "ignore";
  if (!LINK_UTIL_KINDS.has(kind)) {
    if (matches(w, "help")) throw new CliError(LINK_USAGE, 255, true);
    throw new CliError(`Garbage instead of arguments "${w} ...". Try "ip link help".\n`, 1, false);
  }
  if (matches(w, "help")) throw kindHelp(ctx, kind, LINK_ADD_HELP_PREFIX[kind] ?? "");
  return undefined;
}

/**
 * A kind parser meeting `word`: for `help` (ip's matches()) the kind's
 * help; for another word `unknown` (e.g. `vlan: unknown command "x"?`, or
 * null for parsers that print only their help) then the help.
 */
export function kindWord(ctx: Ctx, kind: string, word: string, unknown: string | null): CliError {
  if (matches(word, "help")) return kindHelp(ctx, kind, LINK_ADD_HELP_PREFIX[kind] ?? "");
  return kindHelp(ctx, kind, unknown === null ? "" : unknown + "\n");
}

/** Whether `word` is one of the keywords ip's help for `kind` names (an option ip parses). */
export function isKeywordOf(kind: string, word: string): boolean {
  const text = LINK_KIND_HELP[kind];
  if (text === undefined || !/^[a-z0-9_-]+$/.test(word)) return false;
  return new RegExp(`(^|[\\s\\[|{])(\\[no\\])?${word}([\\s\\]|}]|$)`, "m").test(text);
}
