import { defineConfig } from "vitest/config";
import { splitSuite } from "./test/helpers/suite-split.ts";

// Two projects (test/helpers/suite-split.ts decides which file is which):
// - unit: pure tests (no root, no namespace switching), files in parallel;
// - kernel: tests against the running kernel. They switch the calling
//   thread's network namespace with setns(2) and time kernel events, so they
//   run one file at a time in a single worker, after the unit tests.
// The globalSetup (kernel project) probes optional kernel features once and
// prints the `kernel lacks: ...` line. Everything runs on Bun (bun:ffi).
const { unit, kernel } = splitSuite(import.meta.dirname);

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: unit, fileParallelism: true, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "kernel",
          include: kernel,
          fileParallelism: false,
          globalSetup: ["test/helpers/global-setup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
