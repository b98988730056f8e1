/**
 * No import cycles (DESIGN.md): the relative imports of every .ts file
 * under codecs/, lib/ and cli/ (type-only imports aside) form a graph; its strongly connected
 * components of more than one file are cycles. Any cycle fails.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** No cycle is allowed (the cli/ ones were broken: route-filter.ts, dispatch.ts, usage-texts.ts). */
const KNOWN: string[] = [];

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

const IMPORT = /^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+"(\.{1,2}\/[^"]+\.ts)"/gms;

/** Relative imports of each file; `import type` is left out (erased at run time, as /work/shared/hooks/cycles.py counts them). */
function graph(all: string[]): Map<string, string[]> {
  const known = new Set(all);
  const g = new Map<string, string[]>();
  for (const f of all) {
    const src = readFileSync(join(ROOT, f), "utf8");
    const deps: string[] = [];
    for (const m of src.matchAll(IMPORT)) {
      const target = relative(ROOT, resolve(ROOT, dirname(f), m[1]!));
      if (known.has(target)) deps.push(target);
    }
    g.set(f, deps);
  }
  return g;
}

/** Tarjan's strongly connected components with more than one member. */
function cycles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), on = new Set<string>(), stack: string[] = [], out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++; stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

it("codecs/, lib/ and cli/ have no import cycles but the known cli/ ones", () => {
  const found = cycles(graph([...files("codecs"), ...files("lib"), ...files("cli")])).map((c) => c.join(" "));
  expect(found.filter((c) => !KNOWN.includes(c))).toEqual([]);
});

it("the cycle finder finds a cycle", () => {
  expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
});
