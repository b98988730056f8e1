/**
 * The numbers of `route show` selectors (`metric`/`priority`/`preference`
 * and `mark`) read as ip 6.1 reads them: get_u32 and get_unsigned with
 * base 0, i.e. strtoul's rules (leading white space, a sign, 0x, octal) and
 * the same "invalid" refusals. Output and status are compared with ip's in
 * one namespace holding routes of several metrics.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { withTwins } from "./batch-twins.ts";
import { expectSame } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 192.0.2.1/24 dev v0\n" +
  "route add 198.18.1.0/24 dev v0 metric 5\nroute add 198.18.2.0/24 dev v0 metric 8\nroute add 198.18.3.0/24 dev v0 metric 16\n" +
  "route add 198.18.4.0/24 dev v0 metric 4294967295\n";

/** Spellings strtoul reads (or refuses) differently from a plain decimal. */
const NUMBERS = ["5", " 5", "\t8", "+5", "-0", "0x10", "0X10", "010", "08", "0x", "4294967295", "4294967296", "-1", "-4294967295", "", "5x", " ", "+", "00", "020"];

describeKernel("route show selector numbers, as ip reads them", () => {
  it("metric, priority, preference and mark take strtoul's spellings and refuse what ip refuses", async () => {
    await withTwins(SETUP, async (a) => {
      for (const n of NUMBERS) {
        for (const word of ["metric", "priority", "pref", "preference", "mark"]) {
          await expectSame(["-n", a, "route", "show", word, n], `${word} ${JSON.stringify(n)}`);
        }
        await expectSame(["-j", "-n", a, "route", "show", "metric", n], `-j metric ${JSON.stringify(n)}`);
      }
    });
  });
});
