import { defineConfig } from "vitest/config";

// Kernel tests switch the calling thread's network namespace with setns(2):
// run test files one at a time in a single worker so no two files race on
// namespace state, and keep the whole suite on the Bun runtime (bun:ffi).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
