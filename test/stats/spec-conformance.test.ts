/**
 * The statistics codec against the kernel's machine-readable spec
 * (fixtures/specs/rt-link.yaml; numbering: explicit `value`, else previous
 * + 1): IFLA_STATS_* = stats-attrs, IFLA_OFFLOAD_XSTATS_* =
 * link-offload-xstats, the hw-s-info-one members, every attribute of those
 * sets decoded by a field of the codec (kebab-case names in camelCase,
 * link-64 as link64), struct if_stats_msg's size and member offsets, and
 * the getstats message numbers (RTM_GETSTATS 94, RTM_NEWSTATS 92).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RTM } from "../../codecs/rtnetlink.ts";
import { hwSInfoOneAttrs, IFLA_OFFLOAD_XSTATS, IFLA_STATS, ifStatsMsg, IF_STATS_MSG_SIZE, offloadXstatsAttrs, statsAttrs } from "../../codecs/stats/index.ts";
import { NlWriter } from "../../codecs/core/writer.ts";

const SPEC = (globalThis as any).Bun.YAML.parse(readFileSync(fileURLToPath(new URL("../../fixtures/specs/rt-link.yaml", import.meta.url)), "utf8"));

function specAttrs(set: string): Array<[string, number]> {
  const attrs = SPEC["attribute-sets"].find((s: any) => s.name === set).attributes as Array<{ name: string; value?: number }>;
  let n = 0;
  return attrs.map((a) => [a.name, (n = a.value ?? n + 1)]);
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const constName = (s: string) => s.toUpperCase().replace(/-/g, "_");

describe("stats codec = rt-link.yaml", () => {
  for (const [set, table, attrs] of [
    ["stats-attrs", IFLA_STATS, statsAttrs], ["link-offload-xstats", IFLA_OFFLOAD_XSTATS, offloadXstatsAttrs], ["hw-s-info-one", undefined, hwSInfoOneAttrs],
  ] as const) {
    it(`${set}: numbers, and a codec field for each`, () => {
      for (const [name, n] of specAttrs(set)) {
        if (table) expect([name, (table as Record<string, number>)[constName(name)]]).toEqual([name, n]);
        expect([name, attrs.typeOf(camel(name) as never)]).toEqual([name, n]);
      }
    });
  }

  it("if-stats-msg: family, 3 pad bytes, ifindex, filter-mask (12 bytes)", () => {
    const members = SPEC.definitions.find((d: any) => d.name === "if-stats-msg").members as Array<{ name: string; type: string; len?: number }>;
    expect(members.map((m) => m.name)).toEqual(["family", "pad", "ifindex", "filter-mask"]);
    expect(IF_STATS_MSG_SIZE).toBe(1 + members[1]!.len! + 4 + 4);
    const w = new NlWriter();
    ifStatsMsg.encode(w, { family: 7, ifindex: 0x01020304, filterMask: 0x1f }, "h");
    expect(Buffer.from(w.toBytes()).toString("hex")).toBe("07000000" + "04030201" + "1f000000");
  });

  it("getstats: the request and answer message numbers", () => {
    const op = SPEC.operations.list.find((o: any) => o.name === "getstats");
    expect([op.do.request.value, op.do.reply.value]).toEqual([RTM.GETSTATS, RTM.NEWSTATS]);
  });
});
