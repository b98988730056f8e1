/**
 * Validation of a state document before anything is sent: first the
 * structure (the descriptors of spec.ts, the same rules as the shipped JSON
 * Schema), then what a schema cannot say: addresses the kernel would
 * refuse, duplicate keys, references (veth peers, masters, nexthop ids)
 * and master cycles. Every problem is reported with its JSON path.
 */
import { parseIP } from "../../codecs/ip/index.ts";
import { DOCUMENT, type Field } from "./spec.ts";
import { addressKey, linkKey, neighbourKey, nexthopKey, routeKey, ruleKey } from "./keys.ts";
import type { StateDocument } from "./types.ts";

/** An invalid document: `problems` lists every error as "path: message". */
export class StateDocumentError extends TypeError {
  constructor(readonly problems: string[]) {
    super(`invalid state document: ${problems.join("; ")}`);
    this.name = "StateDocumentError";
  }
}

const show = (v: unknown): string => (v === undefined ? "undefined" : typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : String(v));

function describe(f: Field): string {
  switch (f.t) {
    case "string": return f.what ?? "a string";
    case "int": return f.min === f.max ? `${f.min}` : `an integer ${f.min}..${f.max}`;
    case "bool": return "true or false";
    case "enum": return `one of ${f.values.join(", ")}`;
    case "anyOf": return f.what;
    case "null": return "null";
    case "array": return "an array";
    case "object": return f.what ?? "an object";
    case "map": return `an object of ${f.what}`;
  }
}

/** Structural problems of `v` against descriptor `f`, pushed onto `out` with their paths. */
export function checkField(v: unknown, f: Field, path: string, out: string[]): void {
  const bad = (): void => void out.push(`${path}: expected ${describe(f)}, got ${show(v)}`);
  switch (f.t) {
    case "string":
      if (typeof v !== "string") return bad();
      if (f.maxLength !== undefined && v.length > f.maxLength) return void out.push(`${path}: longer than ${f.maxLength} characters`);
      if (f.pattern !== undefined && !new RegExp(f.pattern).test(v)) return bad();
      return;
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v) || v < f.min || v > f.max) return bad();
      return;
    case "bool":
      if (typeof v !== "boolean") bad();
      return;
    case "null":
      if (v !== null) bad();
      return;
    case "enum":
      if (typeof v !== "string" || !f.values.includes(v)) bad();
      return;
    case "anyOf":
      for (const g of f.of) {
        const sub: string[] = [];
        checkField(v, g, path, sub);
        if (sub.length === 0) return;
      }
      return bad();
    case "array":
      if (!Array.isArray(v)) return bad();
      v.forEach((x, i) => checkField(x, f.of, `${path}[${i}]`, out));
      return;
    case "object": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return bad();
      const o = v as Record<string, unknown>;
      for (const k of f.required ?? []) if (o[k] === undefined) out.push(`${path}.${k}: required`);
      for (const [k, x] of Object.entries(o)) {
        const g = f.fields[k];
        if (g === undefined) out.push(`${path}.${k}: unknown field`);
        else checkField(x, g, `${path}.${k}`, out);
      }
      return;
    }
    case "map": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return bad();
      const re = new RegExp(f.key);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (!re.test(k)) out.push(`${path}[${JSON.stringify(k)}]: not a valid key`);
        else checkField(x, f.value, `${path}[${JSON.stringify(k)}]`, out);
      }
    }
  }
}

/** Structural problems only (what the JSON Schema also reports). */
export function structuralProblems(doc: unknown): string[] {
  const out: string[] = [];
  checkField(doc, DOCUMENT, "$", out);
  return out;
}

function famOf(s: string): 4 | 6 | undefined {
  const a = s.split("/")[0]!;
  if (a === "default") return undefined;
  try {
    return parseIP(a).family === 2 ? 4 : 6;
  } catch {
    return undefined;
  }
}

function dupes<T>(items: T[] | undefined, key: (x: T) => string, path: string, out: string[]): void {
  const seen = new Map<string, number>();
  items?.forEach((x, i) => {
    const k = key(x);
    const j = seen.get(k);
    if (j !== undefined) out.push(`${path}[${i}]: same ${path.slice(2)} as ${path}[${j}] (${k})`);
    else seen.set(k, i);
  });
}

/** Problems beyond structure: byte lengths, families, duplicates, references, cycles. */
export function semanticProblems(doc: StateDocument): string[] {
  const out: string[] = [];
  const links = doc.links ?? [];
  const byName = new Map(links.map((l) => [l.name, l]));
  links.forEach((l, i) => {
    const p = `$.links[${i}]`;
    if (new TextEncoder().encode(l.name).length > 15) out.push(`${p}.name: longer than 15 bytes`);
    if (l.peer !== undefined) {
      if (l.kind !== "veth") out.push(`${p}.peer: only a veth has a peer`);
      const q = byName.get(l.peer);
      if (q === undefined) out.push(`${p}.peer: ${JSON.stringify(l.peer)} is not a link of the document (list both ends of a veth pair)`);
      else if (q.peer !== l.name || q.kind !== "veth") out.push(`${p}.peer: ${JSON.stringify(l.peer)} does not name ${JSON.stringify(l.name)} as its veth peer`);
    } else if (l.kind === "veth") out.push(`${p}.peer: required for a veth`);
    if (typeof l.master === "string" && l.master === l.name) out.push(`${p}.master: a link cannot be its own master`);
  });
  for (const l of links) {
    const seen = new Set<string>([l.name]);
    for (let m = l.master; typeof m === "string"; m = byName.get(m)?.master) {
      if (seen.has(m)) {
        out.push(`$.links: master cycle through ${JSON.stringify(l.name)}`);
        break;
      }
      seen.add(m);
    }
  }
  dupes(doc.links, linkKey, "$.links", out);
  dupes(doc.addresses, addressKey, "$.addresses", out);
  dupes(doc.routes, routeKey, "$.routes", out);
  dupes(doc.nexthops, nexthopKey, "$.nexthops", out);
  dupes(doc.neighbours, neighbourKey, "$.neighbours", out);
  dupes(doc.rules, ruleKey, "$.rules", out);
  const ids = new Map((doc.nexthops ?? []).map((n) => [n.id, n]));
  doc.nexthops?.forEach((n, i) => {
    const p = `$.nexthops[${i}]`;
    const kinds = [n.group !== undefined, n.blackhole === true, n.gateway !== undefined || n.dev !== undefined].filter(Boolean).length;
    if (kinds !== 1) out.push(`${p}: give exactly one of group, blackhole, gateway/dev`);
    n.group?.forEach((g, j) => {
      const m = ids.get(g.id);
      if (m === undefined) out.push(`${p}.group[${j}].id: nexthop ${g.id} is not in the document`);
      else if (m.group !== undefined) out.push(`${p}.group[${j}].id: nexthop ${g.id} is a group (groups cannot nest)`);
    });
  });
  doc.routes?.forEach((r, i) => {
    const p = `$.routes[${i}]`;
    const f = famOf(r.dst) ?? r.family;
    if (r.dst === "default" && r.family === undefined) out.push(`${p}.family: required with dst "default"`);
    if (r.family !== undefined && famOf(r.dst) !== undefined && famOf(r.dst) !== r.family) out.push(`${p}.family: ${r.family} but dst is IPv${famOf(r.dst)}`);
    for (const k of ["gateway", "src"] as const) {
      const v = r[k];
      if (v !== undefined && f !== undefined && famOf(v) !== f) out.push(`${p}.${k}: ${JSON.stringify(v)} is not an IPv${f} address`);
    }
    if (r.nhid !== undefined && !ids.has(r.nhid)) out.push(`${p}.nhid: nexthop ${r.nhid} is not in the document`);
    if (r.nhid !== undefined && (r.gateway !== undefined || r.dev !== undefined || r.multipath !== undefined)) out.push(`${p}.nhid: not together with gateway, dev or multipath`);
  });
  doc.addresses?.forEach((a, i) => {
    if (a.broadcast !== undefined && famOf(a.address) !== 4) out.push(`$.addresses[${i}].broadcast: IPv4 only`);
  });
  doc.rules?.forEach((r, i) => {
    for (const k of ["from", "to"] as const) {
      const v = r[k];
      if (v !== undefined && famOf(v) !== r.family) out.push(`$.rules[${i}].${k}: ${JSON.stringify(v)} is not IPv${r.family}`);
    }
    if (r.action === "goto" && r.goto === undefined) out.push(`$.rules[${i}].goto: required for action goto`);
  });
  return out;
}

/**
 * Validate a parsed JSON value as a state document. Throws a
 * StateDocumentError listing every problem; returns the document typed.
 */
export function validateState(doc: unknown): StateDocument {
  const s = structuralProblems(doc);
  if (s.length > 0) throw new StateDocumentError(s);
  const d = doc as StateDocument;
  const m = semanticProblems(d);
  if (m.length > 0) throw new StateDocumentError(m);
  return d;
}
