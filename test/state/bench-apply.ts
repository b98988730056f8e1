// Apply a document with many addresses and routes to a throwaway namespace, pipelined (runs of
// single-request changes in windows, the default) and one request at a time (as before), and print
// the times. Root; only 198.18.0.0/15 and 2001:2::/48 inside the throwaway namespaces.
//   npx bun test/state/bench-apply.ts [N=2000]
import { execFileSync } from "node:child_process";
import { applyState, openStateKernel, type ApplyOutcome, type Change, type StateDocument } from "../../lib/state/index.ts";

const N = Number(process.argv[2] ?? 2000);

function doc(n: number): StateDocument {
  const addresses = [], routes = [];
  for (let i = 0; i < n; i++) {
    addresses.push({ dev: "a0", address: `198.18.${i >> 8}.${i & 255}/32` });
    routes.push(i % 2 === 0 ? { dst: `198.19.${i >> 8}.${i & 255}/32`, dev: "a0" } : { dst: `2001:2:0:${i.toString(16)}::/64`, dev: "a0" });
  }
  return { version: 1, links: [{ name: "a0", kind: "veth", peer: "b0", up: true }, { name: "b0", kind: "veth", peer: "a0", up: true }], addresses, routes };
}

/** [whole applyState (read, plan, changes, read again), the changes alone] in ms. */
function run(mode: "pipelined" | "one at a time"): [number, number] {
  const ns = `stbench${process.pid}`;
  execFileSync("ip", ["netns", "add", ns]);
  try {
    using k = openStateKernel(ns);
    if (mode === "one at a time") {
      const real = k.apply.bind(k);
      k.apply = (cs: readonly Change[]): ApplyOutcome => {
        const applied: number[] = [];
        for (let i = 0; i < cs.length; i++) {
          const r = real([cs[i]!]);
          if (r.failed !== undefined) return { applied, failed: { index: i, error: r.failed.error } };
          applied.push(i);
        }
        return { applied };
      };
    }
    const inner = k.apply.bind(k);
    let applyMs = 0;
    k.apply = (cs: readonly Change[]): ApplyOutcome => {
      const t = performance.now();
      try {
        return inner(cs);
      } finally {
        applyMs += performance.now() - t;
      }
    };
    const t0 = performance.now();
    const r = applyState(doc(N), { kernel: k });
    const ms = performance.now() - t0;
    if (r.changes.length < 2 * N) throw new Error(`expected ${2 * N}+ changes, made ${r.changes.length}`);
    if (applyState(doc(N), { kernel: k }).changes.length !== 0) throw new Error("second apply found changes");
    return [ms, applyMs];
  } finally {
    execFileSync("ip", ["netns", "del", ns]);
  }
}

for (const mode of ["one at a time", "pipelined", "one at a time", "pipelined"] as const) {
  const [all, changes] = run(mode);
  console.log(`${mode}: ${N} addresses + ${N} routes (+2 links): applyState ${all.toFixed(0)} ms, of which the changes ${changes.toFixed(0)} ms`);
}
