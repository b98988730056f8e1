/**
 * formatTime (lib/rtnl/tc/units.ts) against C on this machine: tc's
 * sprint_time takes a __u32 and prints it with "%.3g" in s or ms, or "%u"
 * us. A double above 2^32 us (tbf's latency for a huge burst at a low rate,
 * TC_SEED=4208101608 of test/tc/diff-cli.test.ts) arrives reduced modulo
 * 2^32, as the compiler converts it. The C program below is compiled with
 * the machine's cc and prints the same conversion for every value.
 */
import { expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { formatTime } from "../../lib/rtnl/tc/units.ts";

const C = `#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
static void show(uint32_t t) {
  double d = t;
  if (d >= 1000000) printf("%.3gs\\n", d / 1000000);
  else if (d >= 1000) printf("%.3gms\\n", d / 1000);
  else printf("%uus\\n", t);
}
int main(void) {
  char line[64];
  while (fgets(line, sizeof line, stdin)) { double v = strtod(line, 0); show((uint32_t)(int64_t)v); }
  return 0;
}
`;

it("prints a time as tc's sprint_time does, values past 2^32 us included", () => {
  const dir = mkdtempSync(join(tmpdir(), "bnl-time-"));
  try {
    writeFileSync(join(dir, "t.c"), C);
    const cc = spawnSync("cc", ["-O0", "-o", join(dir, "t"), join(dir, "t.c")], { encoding: "utf8" });
    expect(cc.status, cc.stderr).toBe(0);
    const values = [0, 1, 999, 1000, 1500, 999_999, 1_000_000, 400_000, 1_234_567, 4_294_967_295, 4_294_967_296, 5_220_123_456, 9_876_543_210.7, 1e12 + 0.5];
    let x = 0x9e3779b9;
    for (let i = 0; i < 300; i++) {
      x = (x * 1664525 + 1013904223) >>> 0;
      values.push(x, x * 3.7, (x % 100_000) * 0.37);
    }
    const r = spawnSync(join(dir, "t"), [], { input: values.map((v) => String(v)).join("\n") + "\n", encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(values.map(formatTime)).toEqual(r.stdout.trimEnd().split("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
