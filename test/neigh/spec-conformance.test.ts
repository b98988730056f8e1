/**
 * The attribute numbers of the neigh, rule and nsid codecs against the
 * kernel's machine-readable specs (fixtures/specs/rt-neigh.yaml,
 * rt-rule.yaml; numbering: explicit `value`, else previous + 1) and
 * linux/net_namespace.h for NETNSA_*. Skips when the specs are not on
 * this machine.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NDA } from "../../codecs/neigh/index.ts";
import { NETNSA } from "../../codecs/nsid/index.ts";
import { FRA } from "../../codecs/rule/index.ts";

const SPECS = fileURLToPath(new URL("../../fixtures/specs", import.meta.url));
const NETNS_H = "/usr/include/linux/net_namespace.h";

function specNumbers(file: string, set: string): Map<string, number> {
  const y = (globalThis as any).Bun.YAML.parse(readFileSync(`${SPECS}/${file}`, "utf8"));
  const attrs = y["attribute-sets"].find((s: any) => s.name === set).attributes as Array<{ name: string; value?: number }>;
  const out = new Map<string, number>();
  let n = 0;
  for (const a of attrs) {
    n = a.value ?? n + 1;
    out.set(a.name.toUpperCase().replace(/-/g, "_"), n);
  }
  return out;
}

describe("attribute numbers match the kernel specs", () => {
  it("NDA_* = rt-neigh.yaml neighbour-attrs", () => {
    const spec = specNumbers("rt-neigh.yaml", "neighbour-attrs");
    for (const [name, value] of Object.entries(NDA)) expect([name, spec.get(name)]).toEqual([name, value]);
    expect(Object.keys(NDA).length).toBe(spec.size - 1); // all but unspec
  });
  it("FRA_* = rt-rule.yaml fib-rule-attrs", () => {
    const spec = specNumbers("rt-rule.yaml", "fib-rule-attrs");
    for (const [name, value] of Object.entries(FRA)) expect([name, spec.get(name)]).toEqual([name, value]);
    const used = [...spec.keys()].filter((k) => !k.startsWith("UNUSED"));
    expect(Object.keys(FRA).sort()).toEqual(used.sort());
  });
});

describe("NETNSA_* match linux/net_namespace.h", () => {
  it("enum order", () => {
    const text = readFileSync(NETNS_H, "utf8");
    const body = text.slice(text.indexOf("enum {"), text.indexOf("__NETNSA_MAX"));
    const names = [...body.matchAll(/^\s*NETNSA_(\w+),/gm)].map((m) => m[1]);
    expect(names[0]).toBe("NONE");
    for (const [name, value] of Object.entries(NETNSA)) expect([name, names.indexOf(name)]).toEqual([name, value]);
  });
});
