/**
 * How `ip ntable change` reads its numbers (cli/ntable.ts cUnsigned): as
 * ip 6.1's get_u32/get_u64 do with strtoul/strtoull and base 0. The
 * expectations are C's (glibc strtoull), not our own: leading white space
 * and a sign are taken, "-N" wraps to 2^64-N (then fails get_u32's range
 * check unless N is 0), 0x is hex and a leading 0 octal, and anything left
 * over, an empty word or an overflow of unsigned long is refused. The
 * kernel differential test (test/cli/ntable.test.ts) runs some of these
 * against ip itself.
 */
import { describe, expect, it } from "vitest";
import { cUnsigned } from "../../cli/ntable.ts";

const U32 = 0xffffffffn;
const U64 = 0xffffffffffffffffn;

const CASES: Array<[string, bigint, bigint | undefined]> = [
  ["0", U32, 0n], ["42", U32, 42n], ["0x10", U32, 16n], ["0X1f", U32, 31n], ["010", U32, 8n], ["+3", U32, 3n], [" \t7", U32, 7n],
  ["4294967295", U32, U32], ["4294967296", U32, undefined], ["-1", U32, undefined], ["-0", U32, 0n], ["-0x0", U32, 0n],
  ["-1", U64, U64], ["-5", U64, U64 - 4n], ["18446744073709551615", U64, U64], ["18446744073709551616", U64, undefined],
  ["", U32, undefined], ["x", U32, undefined], ["0x", U32, undefined], ["08", U32, undefined], ["1e3", U32, undefined],
  ["5 ", U32, undefined], ["0x1g", U32, undefined], ["--1", U64, undefined], ["+-1", U64, undefined], ["1.5", U32, undefined],
];

describe("ip ntable's numbers are read as get_u32/get_u64 read them", () => {
  for (const [word, max, want] of CASES) {
    it(`${JSON.stringify(word)} (max ${max === U32 ? "u32" : "u64"}) -> ${want ?? "refused"}`, () => {
      expect(cUnsigned(word, max)).toBe(want);
    });
  }
});
