/**
 * IPv6 tokens (`ip token`): the interface identifier a link's SLAAC
 * addresses take in place of the EUI-64 one (IFLA_INET6_TOKEN, RFC 7136
 * tokenised identifiers). Read from the IPv6 layer's link dump
 * (RTM_GETLINK with ifi_family AF_INET6: IFLA_PROTINFO holds the
 * IFLA_INET6_* set), set with RTM_SETLINK of family AF_INET6 carrying
 * IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_TOKEN } }, byte for byte as
 * ip/iptoken.c sends it. The kernel keeps the low 64 bits and refuses
 * loopback and NOARP links ("ipv6: Device is loopback").
 *
 *   const links = new LinkApi(conn);
 *   links.setIpv6Token("v0", "::1:2");
 *   links.ipv6Tokens(); // [{ ifindex: 3, ifname: "v0", token: "::0.1.0.2" }, ...]
 *   links.setIpv6Token("v0", "::"); // `ip token del dev v0`
 */
import { AF_INET6, parseIP } from "../../../codecs/ip/index.ts";
import { linkRequest, type Inet6Attrs, type LinkMessage } from "../../../codecs/link/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { dumpLinkMessages } from "./query.ts";

/** One link's IPv6 token: "::" when none is set. */
export interface Ipv6Token {
  ifindex: number;
  /** The link's name (IFLA_IFNAME of the IPv6 layer's message). */
  ifname: string;
  /** The token as an IPv6 address text (only its low 64 bits are used). */
  token: string;
}

/** Thrown by `ipv6Tokens` when the kernel's IPv6 link messages carry no token (a kernel without token support). */
export class NoTokenSupportError extends Error {
  override readonly name = "NoTokenSupportError";
  constructor(readonly ifindex: number) {
    super(`link ${ifindex}: the kernel's IPv6 link message carries no IFLA_INET6_TOKEN (no IPv6 token support)`);
  }
}

/**
 * The tokens of the links that can take one (`ip token list`): every link
 * the IPv6 layer reports except loopback and NOARP ones, in the kernel's
 * order; `ifindex` > 0 keeps only that link.
 */
export function listIpv6Tokens(conn: NetlinkConnection, ifindex = 0): Ipv6Token[] {
  const out: Ipv6Token[] = [];
  for (const m of dumpLinkMessages(conn, { family: AF_INET6 })) {
    const t = tokenOf(m, ifindex);
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** The token entry of IPv6-layer link message `m`, undefined when ip's print_token skips it. */
function tokenOf(m: LinkMessage, ifindex: number): Ipv6Token | undefined {
  if (m.family !== AF_INET6 || m.index === 0 || (ifindex > 0 && m.index !== ifindex)) return undefined;
  if (m.flags.includes("LOOPBACK") || m.flags.includes("NOARP")) return undefined;
  const info = m.attrs.protinfo as Inet6Attrs | undefined;
  if (info === undefined || typeof info !== "object" || info.token === undefined) throw new NoTokenSupportError(m.index);
  return { ifindex: m.index, ifname: m.attrs.ifname ?? "", token: info.token };
}

/**
 * The RTM_SETLINK message that sets link `ifindex`'s token (an IPv6
 * address text; "::" clears it). Throws TypeError naming `field` for a
 * token that is not an IPv6 address.
 */
export function tokenMessage(ifindex: number, token: string, field = "token"): LinkMessage {
  checkToken(token, field);
  return { family: AF_INET6, type: 0, index: ifindex, flags: [], change: 0, attrs: { afSpec: { inet6: { token } } } } as unknown as LinkMessage;
}

/** Throw a TypeError naming `field` unless `token` is an IPv6 address text. */
export function checkToken(token: unknown, field = "token"): asserts token is string {
  if (typeof token !== "string") throw new TypeError(`${field}: expected an IPv6 address string, got ${typeof token}`);
  if (parseIP(token, field).family !== AF_INET6) throw new TypeError(`${field}: ${JSON.stringify(token)} is not an IPv6 address`);
}

/** Send `tokenMessage(ifindex, token)`; the kernel's refusal is thrown as a NetlinkError. */
export function setIpv6Token(conn: NetlinkConnection, ifindex: number, token: string): void {
  conn.ack(RTM.SETLINK, 0, linkRequest, tokenMessage(ifindex, token));
}
