/**
 * vitest globalSetup: probe the kernel's optional features once per run
 * (test/helpers/kernel-caps.ts), hand the result to every test file through
 * `inject("kernelCaps")`, and print the one `kernel lacks: ...` line at the
 * end of the run. Without root nothing is probed (the kernel tests skip).
 */
import type { TestProject } from "vitest/node";
import { lacksLine, probeAll } from "./kernel-probes.ts";
import type {} from "./kernel-caps.ts"; // ProvidedContext.kernelCaps

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Probe and provide; the returned teardown prints the summary line. */
export default function setup(project: TestProject): () => void {
  if (!isRoot) {
    return () => console.log("kernel lacks: not probed (kernel tests need root)");
  }
  const caps = probeAll();
  project.provide("kernelCaps", caps);
  return () => console.log(lacksLine(caps));
}
