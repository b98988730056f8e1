/**
 * The text a plain route's listing prints after its destination (route-walk.ts),
 * kept with what it was made from: the routes of a big table mostly differ
 * in their destination only (the same gateway or next hops, link, metric,
 * preference), so the next route whose values are all the same gets the
 * kept bytes in one copy instead of a dozen words, addresses and numbers
 * written one by one. Most of a 100k-route listing runs before the JIT has
 * optimised the writers; comparing a few numbers costs far less than
 * printing them there.
 *
 * The key is every value the tail is printed from: the route's attribute
 * set, family, type, protocol, scope, table, flags, expires and error, and the
 * bytes of its link, metric, preference, gateway, preferred source and
 * next hops. The words around them (the style), the link names and the
 * listing's table filter are the listing's own, the same for all its
 * routes: one memo per listing (route-list.ts).
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { plain } from "./route-plain.ts";

/** Attribute payloads whose bytes the tail is printed from (DST is the head, CACHEINFO gives expires and error). */
const KEYED = [RTA.GATEWAY, RTA.OIF, RTA.PRIORITY, RTA.PREFSRC, RTA.PREF, RTA.MULTIPATH];
/** The key's numbers before the attribute words (the last one: the key's length). */
const FIXED = 7;

/** One listing's last tail and its key; see the file comment. */
export class TailMemo {
  /** The key: FIXED numbers, then per keyed attribute present its length and payload words. */
  private key = new Int32Array(64);
  private keyLen = -1;
  /** The bytes printed after the destination for that key. */
  text = new Uint8Array(0);

  /**
   * True when the route `plainRoute` just accepted (payload at a[off])
   * has the key of the kept tail; otherwise its key is kept (the caller
   * then prints the tail and hands it to `keep`).
   */
  same(a: Uint8Array, dv: DataView, off: number): boolean {
    const at = plain.scan.at, len = plain.scan.len, has = plain.scan.present;
    let k = this.key;
    let same = this.keyLen >= 0;
    // the numbers: written into the key as they are compared, so a miss leaves the new key behind
    const fixed0 = has, fixed1 = a[off]! | (a[off + 5]! << 8) | (a[off + 6]! << 16) | (a[off + 7]! << 24);
    if (k[0] !== fixed0) { same = false; k[0] = fixed0; }
    if (k[1] !== fixed1) { same = false; k[1] = fixed1; }
    // | 0: as the Int32Array holds them (u32 values past 2^31 wrap the same way each time)
    const table = plain.table | 0, flags = plain.flags | 0, expires = plain.expires | 0, error = plain.error | 0;
    if (k[2] !== table) { same = false; k[2] = table; }
    if (k[3] !== flags) { same = false; k[3] = flags; }
    if (k[4] !== expires) { same = false; k[4] = expires; }
    if (k[5] !== error) { same = false; k[5] = error; }
    let n = FIXED;
    for (let i = 0; i < KEYED.length; i++) {
      const t = KEYED[i]!;
      if (!(has & (1 << t))) continue;
      const l = len[t]!;
      const words = (l + 3) >> 2;
      if (n + 1 + words > k.length) {
        const bigger = new Int32Array(Math.max(k.length * 2, n + 1 + words));
        bigger.set(k);
        this.key = k = bigger;
      }
      if (k[n] !== l) { same = false; k[n] = l; }
      n++;
      const p = at[t]!;
      let j = 0;
      for (; j + 4 <= l; j += 4) {
        const w = dv.getInt32(p + j, HOST_LE);
        if (k[n] !== w) { same = false; k[n] = w; }
        n++;
      }
      if (j < l) {
        // the last 1-3 bytes (RTA_PREF's one) in a word of their own
        let w = 0;
        for (let b = 0; j < l; j++, b += 8) w |= a[p + j]! << b;
        if (k[n] !== w) { same = false; k[n] = w; }
        n++;
      }
    }
    if (k[6] !== n) { same = false; k[6] = n; }
    if (!same) this.keyLen = -1;
    return same;
  }

  /** Keep out[start, end) as the tail of the key `same` left behind. */
  keep(out: Uint8Array, start: number, end: number): void {
    this.text = out.slice(start, end);
    this.keyLen = this.key[6]!;
  }
}
