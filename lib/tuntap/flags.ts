/**
 * tun/tap constants (linux/if_tun.h) and the flag words of `ip tuntap show`
 * (iproute2 6.1 ip/iptuntap.c print_flags).
 */

/** TUNSETIFF flags (ifr_flags). */
export const IFF_TUN = 0x0001;
export const IFF_TAP = 0x0002;
export const IFF_MULTI_QUEUE = 0x0100;
export const IFF_PERSIST = 0x0800;
export const IFF_NO_PI = 0x1000;
/** The same bit as IFF_NO_PI, read back in a device's flags. */
export const IFF_NOFILTER = 0x1000;
export const IFF_ONE_QUEUE = 0x2000;
export const IFF_VNET_HDR = 0x4000;
/** TUNSETIFF fails with EBUSY instead of attaching when the device exists. */
export const IFF_TUN_EXCL = 0x8000;
/** TUN_TYPE_MASK: the bits of the mode (IFF_TUN | IFF_TAP). */
export const TUN_TYPE_MASK = 0x000f;

/** ioctl requests: _IOW('T', nr, int) = (1 << 30) | (4 << 16) | ('T' << 8) | nr. */
export const TUNSETIFF = 0x400454ca;
export const TUNSETPERSIST = 0x400454cb;
export const TUNSETOWNER = 0x400454cc;
export const TUNSETGROUP = 0x400454ce;

/** The device node every tun/tap device is created through. */
export const TUN_DEVICE = "/dev/net/tun";

const KNOWN = IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_ONE_QUEUE | IFF_MULTI_QUEUE | IFF_VNET_HDR | IFF_PERSIST | IFF_NOFILTER;

/**
 * The words of a device's flags (its sysfs `tun_flags`) in ip's order:
 * tun, tap, pi (when IFF_NO_PI is clear), one_queue, multi_queue, vnet_hdr,
 * persist, filter (when IFF_NOFILTER is clear), then any other bits as one
 * "0x..." word.
 */
export function tunFlagWords(flags: number): string[] {
  const w: string[] = [];
  if (flags & IFF_TUN) w.push("tun");
  if (flags & IFF_TAP) w.push("tap");
  if (!(flags & IFF_NO_PI)) w.push("pi");
  if (flags & IFF_ONE_QUEUE) w.push("one_queue");
  if (flags & IFF_MULTI_QUEUE) w.push("multi_queue");
  if (flags & IFF_VNET_HDR) w.push("vnet_hdr");
  if (flags & IFF_PERSIST) w.push("persist");
  if (!(flags & IFF_NOFILTER)) w.push("filter");
  const rest = BigInt.asUintN(64, BigInt(flags)) & ~BigInt(KNOWN);
  if (rest !== 0n) w.push(`0x${rest.toString(16)}`);
  return w;
}
