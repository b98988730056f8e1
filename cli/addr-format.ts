/**
 * Flag and scope numbers of a decoded RTM_NEWADDR, for the CLI's address
 * filters (`ip addr show/flush` selectors). Printing is lib/format/address.ts.
 */
import { ADDR_FLAGS, ADDR_SCOPES, type AddrMessage } from "../lib/rtnl/address/api.ts";

/** The 32-bit flags of an address (IFA_FLAGS when present, else the header's 8 bits). */
export function addrFlags(m: AddrMessage): number {
  if (m.attrs.flags !== undefined) return ADDR_FLAGS.value(m.attrs.flags, "flags");
  return ADDR_FLAGS.value(m.flags, "flags");
}

/** Numeric scope of an address. */
export function addrScope(m: AddrMessage): number {
  return typeof m.scope === "number" ? m.scope : ADDR_SCOPES.value(m.scope, "scope", 255);
}
