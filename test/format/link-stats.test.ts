/**
 * printNum (ip's print_num with -human / -iec): the strings ip 6.1's C code
 * prints for these counts (printf's %.*f of the double quotient: 1.125
 * goes to even, 1.135 and 1.005 as their doubles lie).
 */
import { expect, it } from "vitest";
import { printNum } from "../../lib/format/link-stats.ts";

const CASES: [bigint, string, string][] = [
  [999n, "    999 ", "    999 "], [1000n, "  1.00k ", "   1000 "], [1125n, "  1.12k ", " 1.10ki "], [1135n, "  1.14k ", " 1.11ki "],
  [1375n, "  1.38k ", " 1.34ki "], [1005n, "  1.00k ", "   1005 "], [99995n, " 100.0k ", " 97.7ki "], [999999n, "  1000k ", "  977ki "],
  [1048576n, "  1.05M ", " 1.00Mi "], [1536n, "  1.54k ", " 1.50ki "], [2560n, "  2.56k ", " 2.50ki "], [123456789n, "   123M ", "  118Mi "],
  [18446744073709551615n, "  18.4E ", " 16.0Ei "],
];

it("scales counts as ip's print_num does (width 7)", () => {
  for (const [count, si, iec] of CASES) {
    expect(printNum(7, count, { iec: false }), String(count)).toBe(si);
    expect(printNum(7, count, { iec: true }), String(count)).toBe(iec);
    expect(printNum(7, count), String(count)).toBe(String(count).padStart(7) + " ");
  }
});
