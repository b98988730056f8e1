import { describe, expect, it } from "vitest";
import { parseIP, parseIPv4, parseIPv6, parseMAC, parsePrefix } from "../../codecs/ip/index.ts";
import { thrown } from "./helpers.ts";

type Parser = (s: string, field?: string) => unknown;
const PARSERS: [string, Parser, string[]][] = [
  ["parseIPv4", parseIPv4, ["", "1.2.3", "01.2.3.4", "::1", "256.0.0.0"]],
  ["parseIPv6", parseIPv6, ["", "1.2.3.4", ":::", "fe80::1%eth0", "1::2::3"]],
  ["parseIP", parseIP, ["", "x", "1.2.3", "1::2::3", "fe80::1%lo"]],
  ["parsePrefix", parsePrefix, ["", "/", "1.2.3.4/", "1.2.3.4/33", "::/129", "1.2.3.4/033", "x/1", "::/x"]],
  ["parseMAC", parseMAC, ["", "zz", "aa::bb", Array(33).fill("aa").join(":"), "1.2.3"]],
];
const NON_STRINGS: unknown[] = [undefined, null, 42, true, {}, [], new Uint8Array(4), Symbol("s"), 1n];

describe("every error names the field", () => {
  for (const [name, parse, bad] of PARSERS) {
    it(`${name}: bad strings throw TypeError/RangeError starting with the field`, () => {
      for (const s of bad) {
        const e = thrown(() => parse(s, "opts.peer.address"));
        expect(e instanceof TypeError || e instanceof RangeError).toBe(true);
        expect(e.message.startsWith("opts.peer.address: ")).toBe(true);
        expect(e.message).toContain(JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s));
      }
    });

    it(`${name}: non-string input is a TypeError naming the field`, () => {
      for (const v of NON_STRINGS) {
        const e = thrown(() => parse(v as string, "gateway"));
        expect(e).toBeInstanceOf(TypeError);
        expect(e.message).toMatch(/^gateway: expected an? [A-Za-z0-9 ]+ string, got [a-z]+$/);
      }
    });

    it(`${name}: without a field the message has no prefix`, () => {
      const e = thrown(() => parse(bad[0]!));
      expect(e.message.startsWith("invalid ")).toBe(true);
      expect(thrown(() => parse(7 as unknown as string)).message).toMatch(/^expected /);
    });
  }

  it("control characters and long values are quoted safely", () => {
    expect(thrown(() => parseIPv4("1.2.3.4\n", "a")).message).toBe('a: invalid IPv4 address "1.2.3.4\\n"');
    const long = "1".repeat(500);
    const msg = thrown(() => parseIPv6(long, "a")).message;
    expect(msg.length).toBeLessThan(150);
  });
});
