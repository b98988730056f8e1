/**
 * One IPv6 address selection label (lib/rtnl/addrlabel/api.ts Addrlabel)
 * as `ip addrlabel list` prints it, in text and in `-json`
 * (ip/ipaddrlabel.c print_addrlabel of iproute2 6.1). Used by the CLI;
 * exported for users who want ip-shaped output.
 */
import type { Addrlabel } from "../rtnl/addrlabel/api.ts";
import { COLOR, familyColor, type Printer } from "./printer.ts";

/** Options of one label line. */
export interface AddrlabelPrintOptions {
  /** Name of a link by index; default: the index as a string. */
  devName?: (ifindex: number) => string;
}

/** Print one label: "prefix P/N [dev NAME ]label L" (the caller opens the JSON object). */
export function printAddrlabel(p: Printer, l: Addrlabel, opts: AddrlabelPrintOptions = {}): void {
  const slash = l.prefix.lastIndexOf("/");
  p.text("prefix ");
  p.str("address", "%s", l.prefix.slice(0, slash), familyColor(l.prefix.includes(":") ? "inet6" : "inet"));
  p.num("prefixlen", "/%s ", Number(l.prefix.slice(slash + 1)));
  if (l.index) {
    p.text("dev ");
    p.str("ifname", "%s ", opts.devName ? opts.devName(l.index) : String(l.index), COLOR.IFNAME);
  }
  p.num("label", "label %s ", l.label);
  p.text("\n");
}
