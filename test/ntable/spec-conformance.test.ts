/**
 * The neighbour table codec against the kernel's machine-readable spec
 * (fixtures/specs/rt-neigh.yaml; numbering: explicit `value`, else previous
 * + 1): NDTA_* = ndt-attrs, NDTPA_* = ndtpa-attrs, every attribute of both
 * sets decoded by a field of the codec, and the members of ndt_config and
 * ndt_stats in the spec's order (kebab-case names in camelCase).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NDTA, NDTPA, ndtConfig, ndtParmsAttrs, ndtStats, ntableAttrs } from "../../codecs/ntable/index.ts";
import { NlWriter } from "../../codecs/core/writer.ts";

const SPEC = (globalThis as any).Bun.YAML.parse(readFileSync(fileURLToPath(new URL("../../fixtures/specs/rt-neigh.yaml", import.meta.url)), "utf8"));

function specNumbers(set: string): Map<string, number> {
  const attrs = SPEC["attribute-sets"].find((s: any) => s.name === set).attributes as Array<{ name: string; value?: number }>;
  const out = new Map<string, number>();
  let n = 0;
  for (const a of attrs) {
    n = a.value ?? n + 1;
    out.set(a.name.toUpperCase().replace(/-/g, "_"), n);
  }
  return out;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe("neighbour table codec = rt-neigh.yaml", () => {
  for (const [set, table, attrs] of [["ndt-attrs", NDTA, ntableAttrs], ["ndtpa-attrs", NDTPA, ndtParmsAttrs]] as const) {
    it(`${set}: numbers, and a codec field for each`, () => {
      const spec = specNumbers(set);
      expect(Object.fromEntries(Object.entries(table))).toEqual(Object.fromEntries(spec));
      const kebab = SPEC["attribute-sets"].find((s: any) => s.name === set).attributes.map((a: { name: string }) => a.name) as string[];
      for (const name of kebab) expect([name, attrs.typeOf(camel(name) as never)]).toEqual([name, spec.get(name.toUpperCase().replace(/-/g, "_"))]);
    });
  }

  for (const [name, layout] of [["ndt-config", ndtConfig], ["ndt-stats", ndtStats]] as const) {
    it(`${name}: members in the spec's order and size`, () => {
      const members = SPEC.definitions.find((d: any) => d.name === name).members as Array<{ name: string; type: string }>;
      const size = members.reduce((n, m) => n + (m.type === "u64" ? 8 : m.type === "u32" ? 4 : 2), 0);
      expect(layout.size).toBe(size);
      const w = new NlWriter();
      const v = Object.fromEntries(members.map((m, i) => [camel(m.name), m.type === "u64" ? BigInt(i + 1) : i + 1]));
      layout.encode(w, v as never, name);
      const b = w.toBytes();
      expect(Object.keys(layout.decode(b, new DataView(b.buffer, b.byteOffset, b.length), 0, b.length, name))).toEqual(members.map((m) => camel(m.name)));
    });
  }
});
