/** Alignment helpers: NLMSG_ALIGN and NLA_ALIGN are both 4 bytes (netlink.h). */

/** Round up to the next multiple of 4, as NLMSG_ALIGN / NLA_ALIGN do. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * True when this machine stores integers little-endian (netlink uses host order).
 * Two views of one ArrayBuffer: reading a typed array's `.buffer` instead moves its
 * storage out of the JS heap, the first such move costing ~0.3 ms of every start.
 */
export const HOST_LE: boolean = ((ab: ArrayBuffer) => ((new Uint16Array(ab)[0] = 1), new Uint8Array(ab)[0] === 1))(new ArrayBuffer(2));
