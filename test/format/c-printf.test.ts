/**
 * fmtG (lib/format/c-printf.ts) against C's "%g", as Python's % operator
 * formats it (CPython formats floats with the C library's rules): the
 * timers ip prints with print_tv and the values tc prints.
 */
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fmtG } from "../../lib/format/c-printf.ts";

it("formats like C's %g for timer-like and random values", () => {
  const values: number[] = [0, 1, 0.01, 0.1, 0.37, 1.28, 120, 512, 3.42, 99999.99, 123456, 1234567, 0.0001, 0.00001234, 42949672.95, 1e21, 999999.5, 9.9999996, 0.000099999996, -2.5, -0.00001];
  let x = 0x2545f491;
  for (let i = 0; i < 400; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const ticks = x % 5000000; // clock_t values of up to ~14 h, as the kernel reports timers
    values.push(ticks / 100, (x % 1000) / 1000, x / 7, 1000 - (x % 1000) / 1e4);
  }
  for (const precision of [6, 3]) {
    const r = spawnSync("python3", ["-c", `import sys\nfor l in sys.stdin: print('%.${precision}g' % float(l))`], { input: values.map((v) => v.toString()).join("\n") + "\n", encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(values.map((v) => fmtG(v, precision))).toEqual(r.stdout.trimEnd().split("\n"));
  }
});
