/**
 * `ip address show|add|change|replace|del|flush|save|restore|showdump`:
 * show is ipaddr-list.ts, save/restore/showdump address-save.ts; changes go
 * through the library's AddressApi.
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";
import { listLinksAndAddrs } from "./ipaddr-list.ts";
import { ADDRESS_USAGE } from "./usage-texts.ts";

export const USAGE = ADDRESS_USAGE;

const usage = () => new CliError(USAGE, 255, true);

/** The `address` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return listLinksAndAddrs(ctx, [], false, usage);
  const rest = argv.slice(1);
  if (matches(cmd, "add")) return (await import("./address-modify.ts")).modify(ctx, rest, "add");
  if (matches(cmd, "change") || cmd === "chg") return (await import("./address-modify.ts")).modify(ctx, rest, "change");
  if (matches(cmd, "replace")) return (await import("./address-modify.ts")).modify(ctx, rest, "replace");
  if (matches(cmd, "delete")) return (await import("./address-modify.ts")).modify(ctx, rest, "del");
  if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) return listLinksAndAddrs(ctx, rest, false, usage);
  if (matches(cmd, "flush")) return (await import("./address-modify.ts")).flush(ctx, rest);
  if (matches(cmd, "save")) return (await import("./address-save.ts")).save(ctx, rest);
  if (matches(cmd, "restore")) return (await import("./address-save.ts")).restore(ctx);
  if (matches(cmd, "showdump")) return (await import("./address-save.ts")).showdump(ctx);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip address help".\n`, 255, true);
}
