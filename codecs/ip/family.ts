/**
 * Address family numbers (from <sys/socket.h>) and their iproute2 names.
 */

/** AF_UNSPEC: no family / any family. */
export const AF_UNSPEC = 0;
/** AF_INET: IPv4. */
export const AF_INET = 2;
/** AF_INET6: IPv6. */
export const AF_INET6 = 10;
/** AF_BRIDGE: bridge FDB and VLAN messages. */
export const AF_BRIDGE = 7;
/** AF_MPLS: MPLS label routes. */
export const AF_MPLS = 28;

/** The two IP families: AF_INET (2) or AF_INET6 (10). */
export type IpFamily = 2 | 10;

/**
 * Cheap guess of the family of an address string, without validating it:
 * contains ':' -> AF_INET6, else contains '.' -> AF_INET, else undefined.
 */
export function familyOf(s: string): IpFamily | undefined {
  if (typeof s !== "string") return undefined;
  if (s.indexOf(":") >= 0) return AF_INET6;
  if (s.indexOf(".") >= 0) return AF_INET;
  return undefined;
}

/** iproute2's name of a family: "inet", "inet6", "bridge", "mpls", "unspec", else the number as text. */
export function familyName(f: number): string {
  switch (f) {
    case AF_INET:
      return "inet";
    case AF_INET6:
      return "inet6";
    case AF_BRIDGE:
      return "bridge";
    case AF_MPLS:
      return "mpls";
    case AF_UNSPEC:
      return "unspec";
    default:
      return String(f);
  }
}
