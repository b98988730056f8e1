/**
 * The JSON Schema (draft 2020-12) of a state document, generated from the
 * descriptors of spec.ts; schema/state.schema.json is this function's
 * output (a test keeps them equal):
 *   bun -e 'import {stateJsonSchema} from "./lib/state/schema.ts"; console.log(JSON.stringify(stateJsonSchema(), null, 2))' > schema/state.schema.json
 */
import { DOCUMENT, type Field } from "./spec.ts";

type Json = Record<string, unknown>;

function schemaOf(f: Field): Json {
  switch (f.t) {
    case "string": {
      const s: Json = { type: "string" };
      if (f.pattern !== undefined) s.pattern = f.pattern;
      if (f.maxLength !== undefined) s.maxLength = f.maxLength;
      return s;
    }
    case "int": return f.min === f.max ? { const: f.min } : { type: "integer", minimum: f.min, maximum: f.max };
    case "bool": return { type: "boolean" };
    case "null": return { type: "null" };
    case "enum": return { enum: [...f.values] };
    case "anyOf": return { anyOf: f.of.map(schemaOf) };
    case "array": return { type: "array", items: schemaOf(f.of) };
    case "object": {
      const s: Json = { type: "object", properties: Object.fromEntries(Object.entries(f.fields).map(([k, g]) => [k, schemaOf(g)])), additionalProperties: false };
      if (f.required !== undefined && f.required.length > 0) s.required = [...f.required];
      return s;
    }
    case "map": return { type: "object", propertyNames: { pattern: f.key }, additionalProperties: schemaOf(f.value) };
  }
}

/** The document's JSON Schema as an object. */
export function stateJsonSchema(): Json {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "bun-netlink state document",
    description: "Links, addresses, routes, nexthops, permanent neighbours, rules and sysctls of one network namespace (lib/state).",
    ...schemaOf(DOCUMENT),
  };
}
