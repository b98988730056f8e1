/**
 * `ip link show|add|delete|set|property`: show is ipaddr-list.ts with links only;
 * changes go through the library's LinkApi.
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";
import { listLinksAndAddrs } from "./ipaddr-list.ts";
import { LINK_USAGE } from "./usage-texts.ts";

export const USAGE = LINK_USAGE;

const usage = () => new CliError(USAGE, 255, true);

/** The `link` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return listLinksAndAddrs(ctx, [], true, usage);
  const rest = argv.slice(1);
  if (matches(cmd, "add")) return (await import("./link-modify.ts")).add(ctx, rest, "add");
  if (matches(cmd, "set") || matches(cmd, "change")) return (await import("./link-modify.ts")).set(ctx, rest);
  if (matches(cmd, "replace")) return (await import("./link-modify.ts")).add(ctx, rest, "replace");
  if (matches(cmd, "delete")) return (await import("./link-modify.ts")).del(ctx, rest);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return listLinksAndAddrs(ctx, rest, true, usage);
  if (matches(cmd, "xstats")) return (await import("./link-xstats.ts")).xstats(ctx, rest);
  if (matches(cmd, "afstats")) return (await import("./link-xstats.ts")).afstats(ctx, rest);
  if (matches(cmd, "property")) return (await import("./link-property.ts")).property(ctx, rest);
  if (matches(cmd, "help")) return (await import("./link-help.ts")).linkHelp(ctx, rest);
  throw new CliError(`Command "${cmd}" is unknown, try "ip link help".\n`, 255, true);
}
