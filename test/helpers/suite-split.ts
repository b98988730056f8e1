/**
 * Which test files are kernel tests, for the two vitest projects of
 * vitest.config.ts: "unit" (no root, no namespace switching; files run in
 * parallel) and "kernel" (root, namespaces, child processes against the
 * running kernel; files run one at a time). A file is a kernel test when its
 * source uses any of the markers below (the namespace and connection helpers,
 * the kernel transport, namespace switching); every other file is a unit test.
 * Add a marker here when a new way of reaching the kernel appears.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Source markers of a test that touches the running kernel or switches namespaces. */
export const KERNEL_MARKERS: RegExp = new RegExp([
  "describeKernel", "withTempNetns", "inTempNetns", "tempNetns\\(", "helpers/netns", "kernel-env", "kernel-caps",
  "runInNetns", "openRtnl", "KernelTransport", "execInNetns", "createNetns", "deleteNetns", "openSocketInNetns",
  "NetlinkSocket", "subscribe\\(", "watch\\(", "unshare", "netns exec", "\"netns\"", "isRoot",
].join("|"));

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

/** Test files under `root`/test, relative to `root`, split into unit and kernel tests. */
export function splitSuite(root: string): { unit: string[]; kernel: string[] } {
  const unit: string[] = [];
  const kernel: string[] = [];
  for (const f of walk(join(root, "test"), []).sort()) {
    (KERNEL_MARKERS.test(readFileSync(f, "utf8")) ? kernel : unit).push(relative(root, f));
  }
  return { unit, kernel };
}
