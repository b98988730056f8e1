/**
 * exportState: a namespace as a document that, applied to an empty
 * namespace, makes the same configuration. What the kernel derives (lo and
 * its addresses, link-local and autoconfigured addresses, kernel and
 * local-table routes, the default rules) is left out; generated MAC
 * addresses are kept under `derived` unless asked to pin them.
 */
import { withKernel, type StateTarget } from "./target.ts";
import { addressKey, linkKey, routeKey, ruleKey } from "./keys.ts";
import { GLOBAL_SYSCTLS, linkSysctls } from "./selected.ts";
import { derivedId, type Snapshot } from "./snapshot.ts";
import type { LinkState, StateDocument } from "./types.ts";

/** Options of exportState. */
export interface ExportOptions extends StateTarget {
  /** "derived" (default): MAC addresses go under `derived` and are not applied; "pinned": they are set on apply. */
  macs?: "derived" | "pinned";
}

/** The document of a snapshot (the pure half of exportState). */
export function documentOf(s: Snapshot, opts: { macs?: "derived" | "pinned" } = {}): StateDocument {
  const derived = (section: string, key: string): boolean => s.derived.has(`${section} ${key}`);
  const doc: StateDocument = { version: 1 };
  const links: LinkState[] = [];
  const byName = new Map(s.links.map((l) => [l.name, l]));
  for (const l of s.links) {
    if (l.kind === "veth" && (l.peer === undefined || !byName.has(l.peer))) continue; // its peer is in another namespace
    if (derived("links", linkKey(l))) {
      links.push({ name: l.name, up: l.up === true }); // lo: only whether it is up
      continue;
    }
    const x: LinkState = { ...l };
    if (x.address !== undefined && opts.macs !== "pinned") {
      x.derived = { address: x.address };
      delete x.address;
    }
    if (x.alias === undefined) delete x.alias;
    links.push(x);
  }
  const exported = new Set(links.map((l) => l.name));
  if (links.length > 0) doc.links = links;
  const onLink = (dev: string | undefined): boolean => dev === undefined || exported.has(dev) || dev === "lo";
  const addresses = s.addresses.filter((a) => !derived("addresses", addressKey(a)) && onLink(a.dev));
  if (addresses.length > 0) doc.addresses = addresses;
  const nexthops = s.nexthops.filter((n) => onLink(n.dev));
  const nhIds = new Set(nexthops.map((n) => n.id));
  if (nexthops.length > 0) doc.nexthops = nexthops;
  const routes = s.routes.filter((r) => !derived("routes", routeKey(r)) && onLink(r.dev) && (r.nhid === undefined || nhIds.has(r.nhid)) && (r.multipath ?? []).every((p) => onLink(p.dev)));
  if (routes.length > 0) doc.routes = routes;
  const neighbours = s.neighbours.filter((n) => onLink(n.dev));
  if (neighbours.length > 0) doc.neighbours = neighbours;
  const rules = s.rules.filter((r) => !derived("rules", ruleKey(r)));
  if (rules.length > 0) doc.rules = rules;
  const sysctls: Record<string, string> = {};
  for (const k of [...GLOBAL_SYSCTLS, ...linkSysctls("all"), ...linkSysctls("default")]) if (s.sysctls[k] !== undefined) sysctls[k] = s.sysctls[k]!;
  for (const l of links) {
    for (const k of linkSysctls(l.name)) {
      const v = s.sysctls[k];
      const dflt = s.sysctls[k.replace(`.conf.${l.name}.`, ".conf.default.")];
      if (v !== undefined && v !== dflt) sysctls[k] = v;
    }
  }
  if (Object.keys(sysctls).length > 0) doc.sysctls = sysctls;
  return doc;
}

/** Read a namespace (default: the calling thread's) into a state document. */
export function exportState(opts: ExportOptions = {}): StateDocument {
  return withKernel(opts, (k) => documentOf(k.snapshot(), opts));
}
