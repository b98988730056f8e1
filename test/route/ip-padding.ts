/**
 * iproute2's attribute padding, zeroed: it builds the RTA_ENCAP nest in an
 * uninitialised stack buffer, so the alignment padding of its route
 * requests holds whatever was there (the kernel ignores it). Captured
 * requests are compared with ours after zeroRoutePadding.
 */
import { HOST_LE } from "../../codecs/core/align.ts";

/**
 * Zero the alignment padding after every attribute of a route message
 * (rtmsg at 16), recursing into RTA_METRICS and RTA_ENCAP.
 */
export function zeroRoutePadding(d: Uint8Array): Uint8Array {
  const c = d.slice();
  const dv = new DataView(c.buffer);
  const walk = (off: number, end: number, nested: ReadonlySet<number>): void => {
    while (off + 4 <= end) {
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4) return;
      const type = dv.getUint16(off + 2, HOST_LE) & 0x3fff;
      if (nested.has(type)) walk(off + 4, off + len, ANY);
      c.fill(0, off + len, Math.min(end, off + ((len + 3) & ~3)));
      off += (len + 3) & ~3;
    }
  };
  walk(28, dv.getUint32(0, HOST_LE), new Set([8, 22])); // RTA_METRICS, RTA_ENCAP
  return c;
}
const ANY: ReadonlySet<number> = new Set();
