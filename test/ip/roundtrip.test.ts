import { describe, expect, it } from "vitest";
import { formatIP, formatIPv4, formatIPv6, parseIP, parseIPv4, parseIPv6, parsePrefix, prefixToString } from "../../codecs/ip/index.ts";
import { rng } from "./helpers.ts";

describe("round trips", () => {
  it("parseIPv4(formatIPv4(x)) == x for 20,000 random addresses", () => {
    const r = rng(4);
    for (let n = 0; n < 20000; n++) {
      const b = Uint8Array.from({ length: 4 }, () => r.byte());
      const s = formatIPv4(b);
      expect(parseIPv4(s)).toEqual(b);
    }
  });

  it("parseIPv6(formatIPv6(x)) == x for 20,000 random addresses, and formatting is canonical", () => {
    const r = rng(6);
    for (let n = 0; n < 20000; n++) {
      const b = new Uint8Array(16);
      // half uniform, half sparse (zero runs of every length)
      for (let i = 0; i < 16; i += 2) {
        if (n & 1 && r.below(2)) continue;
        b[i] = r.byte();
        b[i + 1] = r.byte();
      }
      const s = formatIPv6(b);
      const back = parseIPv6(s);
      expect(back).toEqual(b);
      expect(formatIPv6(back)).toBe(s);
      expect(parseIP(s)).toEqual({ family: 10, bytes: b });
      expect(formatIP(b, 0, 16)).toBe(s);
    }
  });

  it("parsePrefix(prefixToString(p)) == p", () => {
    const r = rng(24);
    for (let n = 0; n < 5000; n++) {
      const v6 = r.below(2) === 1;
      const b = Uint8Array.from({ length: v6 ? 16 : 4 }, () => (r.below(3) ? r.byte() : 0));
      const prefixLen = r.below(v6 ? 129 : 33);
      const address = v6 ? formatIPv6(b) : formatIPv4(b);
      const p = parsePrefix(prefixToString({ address, prefixLen }));
      expect(p).toEqual({ family: v6 ? 10 : 2, bytes: b, prefixLen, address });
    }
  });
});
