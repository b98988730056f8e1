/**
 * The planner: a pure function from a document and a snapshot of the live
 * namespace to the ordered list of changes that makes the namespace match.
 * Order (dependencies first): deletions of rules, routes, nexthop groups,
 * nexthops, neighbours, addresses; namespace-wide sysctls; links, masters
 * before their ports; per-link sysctls; addresses; neighbours; nexthops,
 * then groups; routes, those without a gateway first; rules; last, the
 * links to delete, ports before masters.
 */
import { describeChange, itemName, type Change } from "./change.ts";
import { addressKey, canonPrefix, differingFields, familyOfText, linkKey, neighbourKey, nexthopKey, ipv6RouteSlot, PRUNE_DEFAULTS, routeBaseKey, routeFamily, routeKey, ruleKey } from "./keys.ts";
import { derivedId, type Snapshot } from "./snapshot.ts";
import { StateDocumentError } from "./validate.ts";
import type { AddressState, Item, LinkState, NeighbourState, NexthopState, RouteState, RuleState, Section, StateDocument } from "./types.ts";

/** Options of planState. */
export interface PlanOptions {
  /**
   * Also delete what the document lacks (never what the kernel derived,
   * never links without a kind such as lo), and read a field left out of
   * an object as its default (no alias, no master, no address flags,
   * protocol boot...) rather than "whatever the kernel has".
   */
  prune?: boolean;
}

const LINK_FIELDS = ["mtu", "address", "up", "alias", "master", "txqlen", "group"] as const;
// The kernel's IPv4 NLM_F_REPLACE updates lifetimes and metric but not flags: a flag change is a delete and an add.
const ADDR_REPLACE = ["peer", "broadcast", "label", "scope", "flags"] as const;
const ADDR_CHANGE = ["metric"] as const;
const ROUTE_FIELDS = ["type", "gateway", "dev", "protocol", "scope", "src", "onlink", "nhid", "multipath"] as const;
const NH_FIELDS = ["gateway", "dev", "blackhole", "onlink", "fdb", "group", "protocol"] as const;
const NEIGH_FIELDS = ["lladdr", "router"] as const;
/** Fields whose absence, under prune, means none (a route without `gateway` is a device route). */
const ABSENT_IS_NONE: Partial<Record<Section, readonly string[]>> = { routes: ["gateway", "nhid", "multipath", "src"] };

/** The sysctl key's link name when it is per link (net.ipv4.conf.DEV.x, net.ipv6.conf.DEV.x, net.ipv4.neigh.DEV.x). */
export function sysctlLink(key: string): string | undefined {
  const m = /^net\.ipv[46]\.(conf|neigh)\.([^.]+)\./.exec(key);
  return m === null || m[2] === "all" || m[2] === "default" ? undefined : m[2];
}

/** Dependency depth of each link: 0 without master or parent, else one more than theirs (veth ends share the deeper one). */
function linkDepths(links: LinkState[]): Map<string, number> {
  const by = new Map(links.map((l) => [l.name, l]));
  const memo = new Map<string, number>();
  const depth = (n: string, seen: Set<string>): number => {
    const m = memo.get(n);
    if (m !== undefined) return m;
    const l = by.get(n);
    if (l === undefined || seen.has(n)) return 0;
    seen.add(n);
    let d = 0;
    for (const dep of [l.master, l.link]) if (typeof dep === "string" && by.has(dep)) d = Math.max(d, depth(dep, seen) + 1);
    memo.set(n, d);
    return d;
  };
  for (const l of links) depth(l.name, new Set());
  for (const l of links) if (l.peer !== undefined && by.has(l.peer)) {
    const d = Math.max(memo.get(l.name) ?? 0, memo.get(l.peer) ?? 0);
    memo.set(l.name, d);
    memo.set(l.peer, d);
  }
  return memo;
}

/**
 * A bridge whose MTU nobody set follows its ports (the smallest port MTU,
 * 1500 without ports; br_mtu_auto_adjust) whenever a port joins, leaves or
 * changes its MTU. For a live bridge whose document MTU already matches
 * (so no change sets it), but whose ports the plan changes so that it
 * would follow them to another value: a change that sets it explicitly
 * once the ports are done (the kernel then keeps it).
 */
function keptBridgeMtus(docLinks: readonly LinkState[], liveLinks: readonly LinkState[], gone: ReadonlySet<string>, planned: readonly Change[]): Change[] {
  const docBy = new Map(docLinks.map((l) => [l.name, l]));
  const setsMtu = new Set(planned.filter((c) => c.fields?.includes("mtu") || c.action === "create" || c.action === "replace").map((c) => (c.want as LinkState).name));
  const out: Change[] = [];
  for (const h of liveLinks) {
    const w = docBy.get(h.name);
    if (h.kind !== "bridge" || gone.has(h.name) || w?.mtu === undefined || setsMtu.has(h.name)) continue;
    const portsBefore = liveLinks.filter((p) => p.master === h.name).map((p) => `${p.name} ${p.mtu}`).sort();
    const names = new Set([...liveLinks.filter((p) => !gone.has(p.name)).map((p) => p.name), ...docBy.keys()]);
    const after: Array<{ name: string; mtu: number | undefined }> = [];
    for (const n of names) {
      const d = docBy.get(n), l = gone.has(n) ? undefined : liveLinks.find((p) => p.name === n);
      const master = d?.master !== undefined ? d.master : l?.master;
      if (master === h.name) after.push({ name: n, mtu: d?.mtu ?? l?.mtu });
    }
    const portsAfter = after.map((p) => `${p.name} ${p.mtu}`).sort();
    if (JSON.stringify(portsBefore) === JSON.stringify(portsAfter) && !after.some((p) => gone.has(p.name))) continue;
    const follows = after.length === 0 ? 1500 : Math.min(...after.map((p) => p.mtu ?? 1500));
    if (follows !== w.mtu) out.push({ action: "change", section: "links", want: w, have: h, fields: ["mtu"], note: `kept while its ports change (they would take it to ${follows})` });
  }
  return out;
}

/**
 * An IPv6 route that NLM_F_REPLACE cannot be trusted to find: the kernel
 * replaces the first route of the destination and metric of the same kind
 * (with a gateway or not), which may be another device's. Such a route is
 * replaced by deleting exactly it and adding the new one.
 */
function sharesReplaceKey(r: RouteState, live: readonly RouteState[]): boolean {
  if (routeFamily(r) !== 6 || ipv6RouteSlot(r) === "") return false;
  const k = routeBaseKey(r);
  return live.filter((x) => routeFamily(x) === 6 && ipv6RouteSlot(x) !== "" && routeBaseKey(x) === k).length > 1;
}

const usesLink = (it: { dev?: string; multipath?: Array<{ dev?: string }> }, gone: Set<string>): boolean =>
  (it.dev !== undefined && gone.has(it.dev)) || (it.multipath?.some((p) => p.dev !== undefined && gone.has(p.dev)) ?? false);

/**
 * Compute the changes that make a namespace (its `live` snapshot) match
 * `doc`, in dependency order. Pure: nothing is read or sent. Throws a
 * StateDocumentError when the document names links that neither it nor
 * the namespace has.
 */
export function planState(doc: StateDocument, live: Snapshot, opts: PlanOptions = {}): Change[] {
  const prune = opts.prune === true;
  const isDerived = (s: Section, k: string): boolean => live.derived.has(derivedId(s, k));
  const docLinks = doc.links ?? [];
  /** Under prune, a kind-bearing link or any other object with the defaults of the fields it leaves out. */
  const full = <T extends object>(section: string, x: T): T =>
    !prune || (section === "links" && (x as LinkState).kind === undefined) ? x : ({ ...PRUNE_DEFAULTS[section], ...x } as T);
  const docLinkBy = new Map(docLinks.map((l) => [l.name, l]));
  const liveLinkBy = new Map(live.links.map((l) => [l.name, l]));

  // Links: which live links go away (deleted, or replaced because kind/peer/parent differ), veth peers with them.
  const gone = new Set<string>();
  const linkChanges: Array<{ c: Change; depth: number }> = [];
  const deletes: Record<"links" | "addresses" | "routes" | "nexthops" | "neighbours" | "rules", Change[]> = { links: [], addresses: [], routes: [], nexthops: [], neighbours: [], rules: [] };
  const problems: string[] = [];
  for (const l of docLinks) {
    const h = liveLinkBy.get(l.name);
    if (h !== undefined && l.kind !== undefined && (h.kind !== l.kind || h.peer !== l.peer || (l.link !== undefined && h.link !== l.link))) {
      gone.add(h.name);
      if (h.peer !== undefined) gone.add(h.peer);
    }
  }
  if (prune) for (const h of live.links) if (!docLinkBy.has(h.name) && h.kind !== undefined && !isDerived("links", h.name)) gone.add(h.name);
  for (const n of [...gone]) { const p = liveLinkBy.get(n)?.peer; if (p !== undefined && liveLinkBy.has(p)) gone.add(p); }
  const known = (name: string): boolean => docLinkBy.has(name) || (liveLinkBy.has(name) && !gone.has(name)) || (gone.has(name) && docLinkBy.has(name));
  const ref = (name: string | null | undefined, path: string): void => {
    if (typeof name === "string" && !known(name)) problems.push(`${path}: no link ${JSON.stringify(name)} in the document or the namespace${gone.has(name) ? " (it would be deleted)" : ""}`);
  };

  const depths = linkDepths(docLinks);
  const made = new Set<string>();
  const consumed = new Set<string>(); // live links a change below deletes
  /** The selected sysctls of a live link (so that undoing its deletion writes them back). */
  const sysctlsOf = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(live.sysctls).filter(([k]) => sysctlLink(k) === name));
  const deleteLive = (h: LinkState): Change => {
    const c: Change = { action: "delete", section: "links", have: h, linkSysctls: sysctlsOf(h.name) };
    consumed.add(h.name);
    const p = h.peer === undefined ? undefined : liveLinkBy.get(h.peer);
    if (p !== undefined && !consumed.has(p.name)) { c.peerHave = p; consumed.add(p.name); Object.assign(c.linkSysctls!, sysctlsOf(p.name)); }
    return c;
  };
  docLinks.forEach((l, i) => {
    ref(l.master, `$.links[${i}].master`);
    ref(l.link, `$.links[${i}].link`);
    const h = liveLinkBy.get(l.name);
    const depth = depths.get(l.name) ?? 0;
    if (h !== undefined && !gone.has(l.name)) {
      const hv = { ...h };
      if (typeof hv.master === "string" && gone.has(hv.master)) delete hv.master;
      const fields = differingFields(full("links", l), hv, LINK_FIELDS);
      if (fields.length > 0) {
        const c: Change = { action: "change", section: "links", want: full("links", l), have: h, fields };
        if (fields.includes("master")) {
          c.masterMacs = [h.master, l.master].flatMap((m) => {
            const ml = typeof m === "string" ? liveLinkBy.get(m) : undefined;
            return ml?.address === undefined ? [] : [{ name: ml.name, address: ml.address }];
          });
        }
        linkChanges.push({ c, depth });
      }
      return;
    }
    if (l.kind === undefined) return void problems.push(`$.links[${i}]: link ${JSON.stringify(l.name)} is not in the namespace and has no kind to create it with`);
    if (made.has(l.name)) return;
    const c: Change = { action: "create", section: "links", want: l };
    if (h !== undefined && !consumed.has(h.name)) {
      const d = deleteLive(h);
      c.action = "replace";
      c.have = h;
      c.linkSysctls = d.linkSysctls!;
      if (d.peerHave !== undefined) c.peerHave = d.peerHave;
      c.fields = (["kind", "peer", "link"] as const).filter((f) => l[f] !== undefined && l[f] !== h[f]);
    }
    const other = l.peer === undefined ? undefined : liveLinkBy.get(l.peer);
    if (other !== undefined && !consumed.has(other.name)) linkChanges.push({ c: deleteLive(other), depth });
    if (l.peer !== undefined) { c.peerWant = docLinkBy.get(l.peer)!; made.add(l.peer); }
    made.add(l.name);
    linkChanges.push({ c, depth });
  });
  // Live links that go away and that no document link replaces: deleted at the end, ports first.
  const liveDepth = linkDepths(live.links);
  for (const h of [...live.links].sort((a, b) => (liveDepth.get(b.name) ?? 0) - (liveDepth.get(a.name) ?? 0))) {
    if (gone.has(h.name) && !consumed.has(h.name)) deletes.links.push(deleteLive(h));
  }
  linkChanges.sort((a, b) => a.depth - b.depth);
  // A bridge follows its ports' MTU until one is set on it after they joined: set a new master's MTU last.
  const masters = new Set(docLinks.map((l) => l.master).filter((m): m is string => typeof m === "string"));
  for (const { c } of [...linkChanges]) {
    const w = c.want as LinkState | undefined;
    if ((c.action !== "create" && c.action !== "replace") || w?.mtu === undefined || !masters.has(w.name)) continue;
    const { mtu, ...rest } = w;
    c.want = rest;
    linkChanges.push({ c: { action: "change", section: "links", want: w, have: rest, fields: ["mtu"] }, depth: Infinity });
  }
  linkChanges.push(...keptBridgeMtus(docLinks.map((l) => full("links", l)), live.links, gone, linkChanges.map((x) => x.c)).map((c) => ({ c, depth: Infinity })));

  // Generic families: match by key; what is on a link that goes away is deleted explicitly (so a rollback restores it).
  function diff<T extends Item>(section: "addresses" | "routes" | "nexthops" | "neighbours" | "rules", want: T[], have: T[], key: (x: T) => string,
    changeFields: readonly string[], replaceFields: readonly string[], onGoneLink: (x: T) => boolean): Change[] {
    const out: Change[] = [];
    const haveBy = new Map<string, T>();
    for (const h of have) {
      if (onGoneLink(h)) { if (!isDerived(section, key(h))) deletes[section].push({ action: "delete", section, have: h }); continue; }
      haveBy.set(key(h), h);
    }
    const wanted = new Set<string>();
    for (const w of want) {
      const k = key(w);
      wanted.add(k);
      const h = haveBy.get(k);
      if (h === undefined) { out.push({ action: "create", section, want: w }); continue; }
      const wf = full(section, w);
      const rf = differingFields(wf, h, replaceFields);
      const cf = differingFields(wf, h, changeFields);
      // Under prune an object is described completely: a next hop it leaves out is none.
      if (prune) for (const f of ABSENT_IS_NONE[section] ?? []) if ((wf as unknown as Record<string, unknown>)[f] === undefined && (h as unknown as Record<string, unknown>)[f] !== undefined && !cf.includes(f)) cf.push(f);
      if (rf.length > 0) out.push({ action: "replace", section, want: wf, have: h, fields: [...rf, ...cf] });
      else if (cf.length > 0) out.push({ action: "change", section, want: wf, have: h, fields: cf });
    }
    if (prune) for (const [k, h] of haveBy) if (!wanted.has(k) && !isDerived(section, k)) deletes[section].push({ action: "delete", section, have: h });
    return out;
  }

  (doc.addresses ?? []).forEach((a, i) => ref(a.dev, `$.addresses[${i}].dev`));
  (doc.routes ?? []).forEach((r, i) => { ref(r.dev, `$.routes[${i}].dev`); r.multipath?.forEach((p, j) => ref(p.dev, `$.routes[${i}].multipath[${j}].dev`)); });
  (doc.nexthops ?? []).forEach((n, i) => ref(n.dev, `$.nexthops[${i}].dev`));
  (doc.neighbours ?? []).forEach((n, i) => ref(n.dev, `$.neighbours[${i}].dev`));
  if (problems.length > 0) throw new StateDocumentError(problems);

  // A link set down loses its IPv6 addresses, the routes, nexthops and neighbours through it (the kernel
  // flushes them): they are deleted explicitly before and made again after, so that an undo restores them.
  const downs = new Set(docLinks.filter((l) => l.up === false && liveLinkBy.get(l.name)?.up === true && !gone.has(l.name)).map((l) => l.name));
  const flushed = new Set([...gone, ...downs]);
  const onGone = (x: { dev?: string; multipath?: Array<{ dev?: string }> }): boolean => usesLink(x, flushed);
  const addrs = diff<AddressState>("addresses", doc.addresses ?? [], live.addresses, addressKey, ADDR_CHANGE, ADDR_REPLACE,
    (a) => gone.has(a.dev) || (downs.has(a.dev) && familyOfText(a.address) === 6));
  const neighs = diff<NeighbourState>("neighbours", doc.neighbours ?? [], live.neighbours, neighbourKey, NEIGH_FIELDS, [], onGone);
  const goneNh = new Set(live.nexthops.filter(onGone).map((n) => n.id));
  const nhs = diff<NexthopState>("nexthops", doc.nexthops ?? [], live.nexthops, nexthopKey, NH_FIELDS, [], (n) => onGone(n) || (n.group?.some((g) => goneNh.has(g.id)) ?? false));
  // Deleting a nexthop takes it out of every group (and a group left empty goes too): say so explicitly,
  // so that an undo puts the member back into the groups it was in.
  const shrink: Change[] = [];
  const deletedNh = new Set(deletes.nexthops.map((c) => (c.have as NexthopState).id));
  for (const g of live.nexthops) {
    if (g.group === undefined || deletedNh.has(g.id) || !g.group.some((m) => deletedNh.has(m.id))) continue;
    const rest = g.group.filter((m) => !deletedNh.has(m.id));
    if (rest.length === 0) deletes.nexthops.push({ action: "delete", section: "nexthops", have: g });
    else shrink.push({ action: "change", section: "nexthops", want: { ...g, group: rest }, have: g, fields: ["group"] });
  }
  // Deleting a nexthop deletes the routes through it: they are deleted explicitly first, for the same reason.
  for (const c of deletes.nexthops) goneNh.add((c.have as NexthopState).id);
  const routes = diff<RouteState>("routes", doc.routes ?? [], live.routes, routeKey, ROUTE_FIELDS, [], (r) => onGone(r) || (r.nhid !== undefined && goneNh.has(r.nhid)))
    .map((c): Change => (c.action === "change" && sharesReplaceKey(c.have as RouteState, live.routes) ? { ...c, action: "replace" } : c));

  const rules = diff<RuleState>("rules", doc.rules ?? [], live.rules, ruleKey, [], ["protocol"], () => false);

  // Sysctls: written when the live value differs (white space runs compare equal); never pruned.
  const sysGlobal: Change[] = [], sysLink: Change[] = [];
  for (const [key, value] of Object.entries(doc.sysctls ?? {})) {
    const dev = sysctlLink(key);
    const cur = dev !== undefined && gone.has(dev) ? undefined : live.sysctls[key]; // a recreated link starts from the defaults
    if (dev !== undefined) ref(dev, `$.sysctls[${JSON.stringify(key)}]`);
    if (cur !== undefined && cur.trim().split(/\s+/).join(" ") === value.trim().split(/\s+/).join(" ")) continue;
    const c: Change = { action: cur === undefined ? "create" : "change", section: "sysctls", want: { key, value } };
    if (cur !== undefined) c.have = { key, value: cur };
    (dev === undefined ? sysGlobal : sysLink).push(c);
  }
  if (problems.length > 0) throw new StateDocumentError(problems);

  const nhOrder = (c: Change): number => ((c.want ?? c.have) as NexthopState).group === undefined ? 0 : 1;
  const hasGw = (c: Change): number => { const r = (c.want ?? c.have) as RouteState; return r.gateway !== undefined || r.nhid !== undefined || r.multipath !== undefined ? 1 : 0; };
  const stable = <T>(xs: T[], f: (x: T) => number): T[] => xs.map((x, i) => [x, i] as const).sort((a, b) => f(a[0]) - f(b[0]) || a[1] - b[1]).map((p) => p[0]);
  return [
    ...deletes.rules,
    ...stable(deletes.routes, (c) => -hasGw(c)),
    ...shrink,
    ...stable(deletes.nexthops, (c) => -nhOrder(c)),
    ...deletes.neighbours,
    ...deletes.addresses,
    ...sysGlobal,
    ...linkChanges.map((x) => x.c),
    ...sysLink,
    ...addrs,
    ...neighs,
    ...stable(nhs, nhOrder),
    ...stable(routes, hasGw),
    ...rules,
    ...deletes.links,
  ];
}

/** The plan as text, one change per line ("no changes" for an empty plan). */
export function formatPlan(changes: readonly Change[]): string {
  return changes.length === 0 ? "no changes" : changes.map(describeChange).join("\n");
}

export { describeChange, itemName, canonPrefix };
