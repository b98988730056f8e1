/**
 * Output is valid input: an `Address` read from the kernel (list, events)
 * turned back into the arguments of `add`/`replace` and into the
 * RTM_DELADDR message that removes exactly it. Flags the kernel sets
 * (permanent, secondary, tentative, deprecated...) are read-only and
 * dropped; the settable ones (nodad, noprefixroute, ...) are kept.
 */
import type { AddrMessage } from "../../../codecs/addr/index.ts";
import { AF_INET, AF_INET6 } from "../../../codecs/ip/index.ts";
import type { AddressOptions } from "./spec.ts";
import type { Address } from "./model.ts";

const SETTABLE = new Set(["nodad", "optimistic", "home", "mngtmpaddr", "noprefixroute", "autojoin"]);

/** Whether `v` is an Address read from the kernel (an object with a numeric ifindex and a local address). */
export function isAddressObject(v: unknown): v is Address {
  return v !== null && typeof v === "object" && typeof (v as Address).ifindex === "number" && typeof (v as Address).local === "string";
}

/** The `add`/`replace` arguments that recreate `a` as it is. */
export function addressArgsOf(a: Address): { link: number; cidr: string; opts: AddressOptions } {
  const opts: AddressOptions = {};
  let cidr = `${a.local}/${a.prefixlen}`;
  if (a.peer !== undefined) {
    cidr = a.local;
    opts.peer = `${a.peer}/${a.prefixlen}`;
  }
  if (a.broadcast !== undefined) opts.broadcast = a.broadcast;
  if (a.label !== undefined) opts.label = a.label;
  opts.scope = a.scope;
  const flags = a.flags.filter((f) => SETTABLE.has(f));
  if (flags.length > 0) opts.flags = flags;
  if (a.validLft !== undefined && a.validLft !== 0) {
    opts.validLft = a.validLft;
    if (a.preferredLft !== undefined) opts.preferredLft = a.preferredLft;
  }
  if (a.metric !== undefined) opts.metric = a.metric;
  if (a.protocol !== undefined) opts.protocol = a.protocol;
  return { link: a.ifindex, cidr, opts };
}

/** The RTM_DELADDR message removing exactly `a` (IFA_LOCAL plus IFA_ADDRESS: the peer, else the address). */
export function addressDeleteMessage(a: Address): AddrMessage {
  return {
    family: a.family === "inet" ? AF_INET : AF_INET6, prefixlen: a.prefixlen, flags: 0, scope: 0, index: a.ifindex,
    attrs: { local: a.local, address: a.peer ?? a.local },
  };
}
