/**
 * One link of the model (what `nl.links.list()`, get and link events give)
 * as `ip link show` prints it, in text and `-json` (with -details, -stats),
 * by the one link printer (link.ts printLink) over the message the link
 * stands for (lib/rtnl/link/model.ts linkMessageOf: the model keeps the
 * whole decoded attribute tree, so nothing ip prints is lost).
 *
 *   const links = nl.links.list();
 *   const names = new Map(links.map((l) => [l.ifindex, l.name]));
 *   for (const l of links) process.stdout.write(formatLink(l, { devName: (i) => names.get(i) ?? `if${i}` }));
 */
import type { Link } from "../rtnl/link/model.ts";
import { linkMessageOf } from "../rtnl/link/model.ts";
import { printLink, type LinkEnv } from "./link.ts";
import { Printer } from "./printer.ts";

/** Options of formatLink: output mode, ip's -details/-stats/-family, names of other links. */
export interface LinkFormatOptions {
  /** ip -json: the link's JSON object (one element of ip's array) instead of text. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
  /** -oneline: the link on one line, its lines joined by "\". */
  oneline?: boolean;
  /** -details / -stats: how many times given. */
  details?: number;
  stats?: number;
  /** ip's -family as an AF_* number: 0 (default) or 17 (-0) print the link/ether line; another family leaves it out without -details. */
  family?: number;
  /** Name of a link by index (master, "@peer", bridge ports...); default "if<N>". */
  devName?(ifindex: number): string;
  /** Whether the link with this index is up (for M-DOWN after "@peer"); default false. */
  linkUp?(ifindex: number): boolean;
  /** Name of the namespace with this nsid ("link-netns NAME"); default: "link-netnsid N". */
  nsName?(nsid: number): string | undefined;
  /** Print as a removal ("Deleted ", as ip monitor does). */
  deleted?: boolean;
}

function linkEnv(o: LinkFormatOptions): LinkEnv {
  const env: LinkEnv = {
    opts: { family: o.family ?? 0, details: o.details ?? 0, stats: o.stats ?? 0 },
    nameOf: o.devName ?? ((i) => `if${i}`),
    upOf: o.linkUp ?? (() => false),
    doLink: true,
    showQueue: true,
  };
  if (o.nsName) env.nsName = o.nsName;
  return env;
}

function printOne(p: Printer, l: Link, env: LinkEnv, deleted: boolean): void {
  p.obj();
  printLink(p, linkMessageOf(l), env, deleted);
  p.text("\n");
  p.endObj();
}

/** One link as `ip link show` prints it: its text lines (ending in "\n") or, with `json`, its JSON object. */
export function formatLink(l: Link, o: LinkFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: o.oneline === true });
  printOne(p, l, linkEnv(o), o.deleted === true);
  return p.take();
}

/**
 * Links as `ip link show` prints them: the text of each, or with `json` ip's whole JSON array (and its newline).
 * Without `devName`/`linkUp`, names and up-ness of other links come from `links` itself.
 */
export function formatLinks(links: readonly Link[], o: LinkFormatOptions = {}): string {
  const byIndex = new Map(links.map((l) => [l.ifindex, l]));
  const env = linkEnv({
    ...o,
    devName: o.devName ?? ((i) => byIndex.get(i)?.name ?? `if${i}`),
    linkUp: o.linkUp ?? ((i) => byIndex.get(i)?.flags.includes("UP") ?? false),
  });
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: o.oneline === true });
  p.arr(null);
  for (const l of links) printOne(p, l, env, o.deleted === true);
  p.endArr();
  return o.json ? p.take() + "\n" : p.take();
}
