/** Alignment helpers: NLMSG_ALIGN and NLA_ALIGN are both 4 bytes (netlink.h). */

/** Round up to the next multiple of 4, as NLMSG_ALIGN / NLA_ALIGN do. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** True when this machine stores integers little-endian (netlink uses host order). */
export const HOST_LE: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
