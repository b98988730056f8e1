/**
 * The command words of `ip route` (ip/iproute.c do_iproute), for route.ts
 * and the batch fast path (route-fast.ts), so that both tell them apart
 * the same way.
 */
import { matches } from "./args.ts";

/** The commands of `ip route`, as ip 6.1's do_iproute tells them apart. */
export type RouteCommand = "add" | "change" | "replace" | "prepend" | "append" | "test" | "del" | "list" | "get" | "flush" | "save" | "restore" | "showdump" | "help";

/** Which `ip route` command a (possibly abbreviated) word names, in ip's order ("a" is add, "d" delete); undefined if none. */
export function routeCommand(cmd: string): RouteCommand | undefined {
  if (matches(cmd, "add")) return "add";
  if (matches(cmd, "change") || cmd === "chg") return "change";
  if (matches(cmd, "replace")) return "replace";
  if (matches(cmd, "prepend")) return "prepend";
  if (matches(cmd, "append")) return "append";
  if (matches(cmd, "test")) return "test";
  if (matches(cmd, "delete")) return "del";
  if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) return "list";
  if (matches(cmd, "get")) return "get";
  if (matches(cmd, "flush")) return "flush";
  if (matches(cmd, "save")) return "save";
  if (matches(cmd, "restore")) return "restore";
  if (matches(cmd, "showdump")) return "showdump";
  if (matches(cmd, "help")) return "help";
  return undefined;
}
