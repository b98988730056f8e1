/**
 * Link-layer names and addresses as ip prints them (iproute2 6.1
 * lib/ll_types.c ll_type_n2a, lib/ll_addr.c ll_addr_n2a): shared by the
 * link printer (link.ts) and the VF printer (link-vf.ts).
 */
import { ARPHRD } from "../../codecs/link/tables.ts";
import { numericNames } from "./names.ts";

/** ip's ll_type_n2a. */
export function linkTypeName(t: number): string {
  const n = numericNames() ? undefined : ARPHRD.name(t);
  return typeof n === "string" ? n : `[${t}]`;
}

/** ip's ll_addr_n2a: IPv4/IPv6 text for tunnel types, else colon-separated hex. */
export function llAddr(addr: string, type: number): string {
  const bytes = addr.split(":");
  if ((type === 768 || type === 776 || type === 778) && bytes.length === 4) {
    return bytes.map((b) => String(Number.parseInt(b, 16))).join(".");
  }
  return addr;
}
