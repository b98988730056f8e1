/**
 * The one representation of address families in the object model: the
 * iproute2 names "inet", "inet6", "bridge", "mpls", "unspec" (other
 * family numbers pass through as numbers). Inputs accept those names, the
 * shorthands 4 and 6, and the AF_* numbers of the named families.
 */
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC } from "../../../codecs/ip/index.ts";

/** A family as the model spells it. */
export type Family = "inet" | "inet6" | "bridge" | "mpls" | "unspec";

const NAMES = new Map<number, Family>([[AF_INET, "inet"], [AF_INET6, "inet6"], [AF_BRIDGE, "bridge"], [AF_MPLS, "mpls"], [AF_UNSPEC, "unspec"]]);
const NUMBERS = new Map<unknown, number>([
  ["inet", AF_INET], ["inet6", AF_INET6], ["bridge", AF_BRIDGE], ["mpls", AF_MPLS], ["unspec", AF_UNSPEC],
  [4, AF_INET], [6, AF_INET6], [AF_INET, AF_INET], [AF_INET6, AF_INET6], [AF_BRIDGE, AF_BRIDGE], [AF_MPLS, AF_MPLS],
]);

/** The model's name of a family number (unnamed numbers pass through). */
export function familyOf(n: number): Family | number {
  return NAMES.get(n) ?? n;
}

/**
 * The AF_* number of a family given as a name, 4/6, or an AF_* number of a
 * named family; TypeError naming `field` otherwise. `allowed` limits the result.
 */
export function familyNumber(v: unknown, field: string, allowed?: readonly number[]): number {
  const n = NUMBERS.get(v);
  if (n === undefined || (allowed !== undefined && !allowed.includes(n))) {
    const names = (allowed ?? [...NAMES.keys()]).map((x) => NAMES.get(x)!).join(", ");
    throw new TypeError(`${field}: ${JSON.stringify(v)} is not a family here (expected ${names}, or 4/6)`);
  }
  return n;
}
