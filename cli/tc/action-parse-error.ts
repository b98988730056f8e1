/**
 * How an action's own parser fails in tc 6.1 (m_action.c parse_action):
 * either the action's parser returns -1 and parse_action adds "bad action
 * parsing", "parse_action: bad value (ARGC:KIND)!" and its caller "Illegal
 * "action"" (exit 1 in a filter, 255 in `tc actions`), or it exits at once
 * (incomplete_command, duparg, invarg: exit 255, the message alone).
 */
import { CliError } from "../errors.ts";

/** An action that failed to parse: the message is complete (parse_action's lines included). */
export class ActionParseError extends CliError {}

/** An action parser's exit(-1): the message alone, exit 255, in a filter as in `tc actions`. */
export class ActionExit extends CliError {}

/** `msg` (newline included) and parse_action's lines; `argsLeft` counts the words from the action's kind on. */
export function actionParseError(msg: string, argsLeft: number, kind: string): ActionParseError {
  return new ActionParseError(`${msg}bad action parsing\nparse_action: bad value (${argsLeft}:${kind})!\nIllegal "action"\n`, 1, true);
}

/** incomplete_command() inside an action's parser. */
export function actionIncomplete(): ActionExit {
  return new ActionExit('Command line is not complete. Try option "help"\n', 255, true);
}
