import { describe, expect, it } from "vitest";
import { DEC, HEX2 } from "../../codecs/ip/tables.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { formatIPv6 } from "../../codecs/ip/index.ts";

// The tables are literals (no loop at module load): each entry must be what the loop made.
describe("formatter tables", () => {
  it("DEC and HEX2 hold the text of every byte", () => {
    expect(DEC).toHaveLength(256);
    expect(HEX2).toHaveLength(256);
    for (let i = 0; i < 256; i++) {
      expect(DEC[i]).toBe(String(i));
      expect(HEX2[i]).toBe(i.toString(16).padStart(2, "0"));
    }
  });

  it("toHex agrees on short and long payloads (the long path's pair table is made on first use)", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    const want = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    expect(toHex(bytes, 0, 64)).toBe(want.slice(0, 128));
    expect(toHex(bytes)).toBe(want);
    expect(toHex(bytes, 5, 200)).toBe(want.slice(10, 410));
    expect(fromHex(want)).toEqual(bytes);
  });

  it("HOST_LE is the machine's byte order", () => {
    expect(HOST_LE).toBe(new Uint8Array(Uint16Array.of(0x0102).buffer)[0] === 0x02);
  });

  it("embedded IPv4 forms use the decimal codes made on first use", () => {
    const b = new Uint8Array(16);
    b.set([10, 255, 0, 199], 12);
    expect(formatIPv6(b, 0)).toBe("::10.255.0.199");
    b[10] = 0xff;
    b[11] = 0xff;
    expect(formatIPv6(b, 0)).toBe("::ffff:10.255.0.199");
  });
});
