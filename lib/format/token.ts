/**
 * One link's IPv6 token (lib/rtnl/link/token.ts Ipv6Token) as `ip token
 * list` prints it, in text and in `-json` (ip/iptoken.c print_token of
 * iproute2 6.1): `token TOKEN dev NAME`, or {"token", "ifname"}. Used by
 * the CLI; exported for users who want ip-shaped output.
 */
import type { Ipv6Token } from "../rtnl/link/token.ts";
import { COLOR, type Printer } from "./printer.ts";

/** Print the fields of one token row (the caller opens and closes its object). */
export function printIpv6Token(p: Printer, t: Ipv6Token): void {
  p.text("token ");
  p.str("token", "%s", t.token, COLOR.INET6); // ifa_family_color(AF_INET6): tokens are IPv6 only
  p.text(" dev ");
  p.str("ifname", "%s\n", t.ifname, COLOR.IFNAME);
}
