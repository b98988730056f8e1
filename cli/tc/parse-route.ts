/**
 * The route classifier's words (tc 6.1 f_route.c route_parse_opt): to and
 * from (realms: rt_realms names or numbers 0..255), fromif (an interface,
 * looked up when read), classid|flowid, police, action, order and help,
 * with tc's errors and exit statuses. Without a handle (or with handle 0)
 * nl.tc builds the one tc builds from to/from/fromif/order (filter-classic.ts
 * routeHandle). A word given again is sent once, at its last place.
 */
import { getUnsigned, matches } from "../args.ts";
import { REALMS, strtoulWord } from "../../lib/format/names.ts";
import { classidWord, clsFail, filterActions, filterPolice, type ActionsParser } from "./parse-cls-words.ts";
import { incomplete } from "../errors.ts";

/** f_route.c explain(). */
export const ROUTE_EXPLAIN = "Usage: ... route [ from REALM | fromif TAG ] [ to REALM ]\n" +
  "                [ classid CLASSID ] [ action ACTION_SPEC ]\n" +
  "       ACTION_SPEC := ... look at individual actions\n" +
  "       CLASSID := X:Y\n" +
  "\n" +
  "NOTE: CLASSID is parsed as hexadecimal input.\n";

/** Link name to ifindex (ll_name_to_index's lookup); undefined when there is no such link. */
export type LinkIndex = (name: string) => number | undefined;

/**
 * rtnl_rtrealm_a2n: a name the realm table has now (rt_realms replaces the built-in
 * "unknown" of realm 0 when it names 0), else strtoul base 0 of the whole word, at most 255.
 */
function realmA2n(word: string): number | undefined {
  const id = REALMS.id(word);
  if (id !== undefined && REALMS.name(id) === word) return id;
  const n = strtoulWord(word, 0);
  return n === undefined || n > 255n ? undefined : Number(n);
}

/** ll_idx_a2n: sscanf(name, "if%u"). */
function ifN(name: string): number {
  const m = /^if[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(name);
  if (m === null) return 0;
  let v = BigInt(m[2]!);
  if (v > 0xffffffffn) v = 0xffffffffn;
  return Number(BigInt.asUintN(32, m[1] === "-" ? -v : v));
}

/** route_parse_opt: the options spec (undefined without words) and the handle. `index` resolves fromif now (else nl.tc resolves the name). */
export function parseRouteArgs(a: string[], handle: string | undefined, parseActions: ActionsParser, index?: LinkIndex): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  if (handle !== undefined) {
    const h = getUnsigned(handle);
    if (h === undefined) throw clsFail('Illegal "handle"');
    if (h !== 0) out.handle = h;
  }
  if (a.length === 0) return out;
  const o: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => { delete o[k]; o[k] = v; };
  const next = (): string => { const v = a[++i.i]; if (v === undefined) throw incomplete(); return v; };
  const i = { i: 0 };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "to") || matches(w, "from")) {
      const what = matches(w, "to") ? "to" : "from";
      const id = realmA2n(next());
      if (id === undefined) throw clsFail(`Illegal "${what}"`);
      set(what, id);
    } else if (matches(w, "fromif")) {
      const name = next();
      if (index === undefined) set("fromif", name);
      else {
        const id = index(name) ?? ifN(name);
        if (!id) throw clsFail('Illegal "fromif"');
        set("fromif", id);
      }
    } else if (matches(w, "classid") || w === "flowid") {
      set("classid", classidWord(next()));
    } else if (matches(w, "police")) {
      i.i++;
      set("police", filterPolice(a, i));
      continue;
    } else if (matches(w, "action")) {
      i.i++;
      set("actions", filterActions(a, i, parseActions));
      continue;
    } else if (matches(w, "order")) {
      const n = getUnsigned(next());
      if (n === undefined) throw clsFail('Illegal "order"');
      set("order", n);
    } else if (w === "help") throw clsFail(ROUTE_EXPLAIN);
    else throw clsFail(`What is "${w}"?\n${ROUTE_EXPLAIN}`);
    i.i++;
  }
  out.options = o;
  return out;
}
