/**
 * `ip address show|add|change|replace|del|flush`: show is ipaddr-list.ts;
 * changes go through the library's AddressApi.
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";
import { listLinksAndAddrs } from "./ipaddr-list.ts";

export const USAGE = `Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address flush [ dev IFNAME ] [ scope SCOPE-ID ]
                        [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ] ]
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary |
           [-]tentative | [-]deprecated | [-]dadfailed | temporary |
           CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS
`;

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
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip address help".\n`, 255, true);
}
