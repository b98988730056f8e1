// The shipped JSON Schema and the TypeScript validator agree: the file is what the descriptor table
// generates, and an independent validator (Python jsonschema, Draft 2020-12) gives the same verdict as
// ours on hand-written and on seeded random documents, valid and invalid.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { stateJsonSchema } from "../../lib/state/schema.ts";
import { semanticProblems, structuralProblems, validateState, StateDocumentError } from "../../lib/state/validate.ts";
import { Prng } from "../helpers/prng.ts";

const SCHEMA_FILE = new URL("../../schema/state.schema.json", import.meta.url).pathname;

const VALID = {
  version: 1,
  links: [
    { name: "lo", up: true },
    { name: "v0", kind: "veth", peer: "v1", master: "br0", up: true, mtu: 1500, alias: "uplink", txqlen: 1000, group: 0 },
    { name: "v1", kind: "veth", peer: "v0", address: "02:00:00:00:00:01", master: null },
    { name: "br0", kind: "bridge", data: { priority: 100, vlanFiltering: true }, derived: { address: "02:00:00:00:00:02" } },
  ],
  addresses: [{ dev: "br0", address: "192.0.2.1/24", broadcast: "192.0.2.255", label: "br0:1", scope: "global", metric: 5 }, { dev: "v1", address: "2001:db8::1/64", flags: ["nodad", "noprefixroute"] }],
  routes: [
    { dst: "default", family: 4, gateway: "192.0.2.254", metric: 10 },
    { dst: "198.51.100.0/24", table: 100, type: "blackhole" },
    { dst: "2001:db8:1::/48", multipath: [{ gateway: "2001:db8::2", dev: "v1", weight: 2 }, { gateway: "2001:db8::3", dev: "v1" }] },
    { dst: "203.0.113.0/24", nhid: 3, table: "main", protocol: "static", scope: 0, tos: 0 },
  ],
  nexthops: [{ id: 1, gateway: "192.0.2.2", dev: "br0" }, { id: 2, blackhole: true }, { id: 3, group: [{ id: 1, weight: 3 }, { id: 2 }] }],
  neighbours: [{ dev: "br0", dst: "192.0.2.9", lladdr: "02:00:00:00:00:09", router: true }, { dev: "br0", dst: "192.0.2.10", proxy: true }],
  rules: [{ family: 4, priority: 100, from: "192.0.2.0/24", table: 100 }, { family: 6, priority: 200, to: "2001:db8::/32", action: "unreachable", fwmark: 7, fwmask: 255, sport: { start: 1, end: 100 }, ipProto: "tcp" }],
  sysctls: { "net.ipv4.ip_forward": "1", "net.ipv6.conf.v1.disable_ipv6": "0" },
};

const JUNK: unknown[] = [
  null, true, false, 0, -1, 1.5, 4294967296, 70000, "", "x", "default", "192.0.2.1", "192.0.2.1/24", "192.0.2.1/33", "256.0.0.1",
  "2001:db8::1", "2001:db8::1/129", "2001:db8:::1", "02:00:00:00:00:01", "02:00:00:00:00", "eth0", "a/b", "toolonginterfacename",
  ".", "..", "main", "tcp", [], [{}], {}, { id: 1 }, { start: 1, end: 2 }, "net.ipv4.x", "unicast", "nodad",
];

/** Every path (as a key list) to a value inside `v`. */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** A copy of `doc` with one seeded mutation: a value replaced, a key removed, or an unknown key added. */
function mutate(doc: unknown, rng: Prng): unknown {
  const d: any = structuredClone(doc);
  const ps = paths(d).filter((p) => p.length > 0);
  const p = rng.pick(ps);
  let parent: any = d as any;
  for (const k of p.slice(0, -1)) parent = parent[k as any];
  const last = p[p.length - 1]!;
  const r = rng.below(10);
  if (r < 7) parent[last] = rng.pick(JUNK);
  else if (r < 9 && !Array.isArray(parent)) delete parent[last];
  else if (!Array.isArray(parent)) (parent as Record<string, unknown>)[rng.pick(["extra", "Name", "ifname", "mtu2"])] = 1;
  else (parent as unknown[])[last as number] = rng.pick(JUNK);
  return d;
}

/**
 * A Python that has jsonschema: the one on PATH, else Debian's (python3-jsonschema, which .ci/run
 * installs when neither has it).
 */
function pythonWithJsonschema(): string {
  for (const py of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(py, ["-c", "import jsonschema"], { encoding: "utf8" }).status === 0) return py;
  }
  throw new Error("no python3 with jsonschema: apt-get install python3-jsonschema (.ci/run does)");
}

/** Python jsonschema's verdicts for `docs` (true: valid). */
function pythonVerdicts(docs: unknown[]): boolean[] {
  const script = `
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
print(json.dumps([v.is_valid(d) for d in json.load(sys.stdin)]))
`;
  const r = spawnSync(pythonWithJsonschema(), ["-c", script, SCHEMA_FILE], { input: JSON.stringify(docs), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 jsonschema failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as boolean[];
}

describe("state document schema", () => {
  it("the shipped schema is the one the descriptor table generates", () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(stateJsonSchema());
  });

  it("the example document is valid for both validators, structurally and semantically", () => {
    expect(structuralProblems(VALID)).toEqual([]);
    expect(semanticProblems(VALID as never)).toEqual([]);
    expect(pythonVerdicts([VALID])).toEqual([true]);
  });

  it("Python jsonschema and the TypeScript validator agree on seeded random documents", () => {
    const env = Number(process.env.STATE_SEED); // a number replays; unset or "random" draws one
    const seed = Number.isFinite(env) ? env : Date.now() % 1e9;
    console.log(`state schema agreement seed: ${seed} (rerun with STATE_SEED=${seed})`);
    const rng = new Prng(seed);
    const docs: unknown[] = [VALID, {}, [], null, { version: 2 }, { version: 1 }, { version: 1, links: {} }];
    for (let i = 0; i < 600; i++) {
      let d: unknown = VALID;
      for (let n = 1 + rng.below(3); n > 0; n--) d = mutate(d, rng);
      docs.push(d);
    }
    const py = pythonVerdicts(docs);
    const ours = docs.map((d) => structuralProblems(d).length === 0);
    const disagree = docs.map((d, i) => ({ d, py: py[i], ours: ours[i] })).filter((x) => x.py !== x.ours);
    expect(disagree.slice(0, 3)).toEqual([]);
    // Both verdicts occur (the corpus is not trivially all-valid or all-invalid).
    expect(ours.filter(Boolean).length).toBeGreaterThan(10);
    expect(ours.filter((x) => !x).length).toBeGreaterThan(100);
  });
});

describe("README", () => {
  it("the example document of the Declarative state section is valid for both validators", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url).pathname, "utf8");
    const section = readme.slice(readme.indexOf("## Declarative state"));
    const m = /```json\n([\s\S]*?)```/.exec(section);
    expect(m).not.toBeNull();
    const doc = JSON.parse(m![1]!);
    expect(validateState(doc)).toEqual(doc);
    expect(pythonVerdicts([doc])).toEqual([true]);
  });
});

describe("validateState", () => {
  const bad = (patch: (d: any) => void): string[] => {
    const d = structuredClone(VALID) as any;
    patch(d);
    try {
      validateState(d);
    } catch (e) {
      expect(e).toBeInstanceOf(StateDocumentError);
      expect(e).toBeInstanceOf(TypeError);
      return (e as StateDocumentError).problems;
    }
    return [];
  };
  it.each([
    ["a wrong type, with its path", (d: any) => (d.links[1].mtu = "big"), '$.links[1].mtu: expected an integer 0..4294967295, got "big"'],
    ["an unknown field", (d: any) => (d.routes[0].via = "x"), "$.routes[0].via: unknown field"],
    ["a missing field", (d: any) => delete d.addresses[0].dev, "$.addresses[0].dev: required"],
    ["a veth without its other end", (d: any) => d.links.splice(2, 1), '$.links[1].peer: "v1" is not a link of the document (list both ends of a veth pair)'],
    ["a master cycle", (d: any) => (d.links[3].master = "v0"), '$.links: master cycle through "v0"'],
    ["a duplicate address", (d: any) => d.addresses.push({ dev: "br0", address: "192.0.2.1/24" }), "$.addresses[2]: same addresses as $.addresses[0] (br0 192.0.2.1/24)"],
    ["a route to a nexthop not in the document", (d: any) => (d.routes[3].nhid = 9), "$.routes[3].nhid: nexthop 9 is not in the document"],
    ["a nested group", (d: any) => d.nexthops.push({ id: 4, group: [{ id: 3 }] }), "$.nexthops[3].group[0].id: nexthop 3 is a group (groups cannot nest)"],
    ["a gateway of the other family", (d: any) => (d.routes[0].gateway = "2001:db8::1"), '$.routes[0].gateway: "2001:db8::1" is not an IPv4 address'],
    ["default without family", (d: any) => delete d.routes[0].family, '$.routes[0].family: required with dst "default"'],
    ["a sysctl outside net.*", (d: any) => (d.sysctls["kernel.hostname"] = "x"), '$.sysctls["kernel.hostname"]: not a valid key'],
    ["a sysctl path escape", (d: any) => (d.sysctls["net.ipv4/../../x"] = "1"), '$.sysctls["net.ipv4/../../x"]: not a valid key'],
  ])("reports %s", (_what, patch, msg) => {
    expect(bad(patch)).toContain(msg);
  });
});
