/**
 * One route of the model (what `nl.routes.list()`, get and route events
 * give) as `ip route show` prints it, in text and `-json`, by the one
 * route printer (route.ts printRoute) over the message the route stands
 * for (lib/rtnl/route/model.ts routeMessageOf).
 *
 *   for (const r of nl.routes.list()) process.stdout.write(formatRoute(r, { devName }));
 *
 * Equal to ip's lines for listed routes, except for what the model does
 * not keep: the rta_cacheinfo counters of cloned cache entries (`ip route
 * show cache` / `-s`: used, age, users, ipid, ts; `expires` is kept) and
 * the ttl-propagate flag of MPLS routes.
 */
import type { Route } from "../rtnl/route/model.ts";
import { routeMessageOf } from "../rtnl/route/model.ts";
import { Printer } from "./printer.ts";
import { printRoute, type RouteShowEnv } from "./route.ts";

/** Options of formatRoute: output mode, ip's -details/-stats, link names. */
export interface RouteFormatOptions {
  /** ip -json: the route's JSON object (one element of ip's array) instead of a text line. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
  /** -oneline: multipath hops on the same line, joined by "\". */
  oneline?: boolean;
  /** -details (how many times given): prints type unicast, table main, proto boot, scope global. */
  details?: number;
  /** -stats: cache counters (which the model keeps only as `expires`). */
  stats?: number;
  /**
   * The table the listing was restricted to, as `ip route show table T` (a route of that table then does not
   * print "table T"); default 0, as `ip route show table all` (main is never printed without -details).
   */
  table?: number;
  /** Name of a link by index (ip's ll_index_to_name); default "if<N>". */
  devName?(ifindex: number): string;
  /** Print as a removal ("Deleted ", as ip monitor does). */
  deleted?: boolean;
}

/** The print_route environment of the options (nothing hidden by a filter). */
function showEnv(o: RouteFormatOptions): RouteShowEnv {
  return {
    details: o.details ?? 0, stats: o.stats ?? 0, nameOf: o.devName ?? ((i) => `if${i}`), filterTable: o.table ?? 0,
    hideOif: false, hideProto: false, hideScope: false, hideMetric: false, hideTos: false, hideGateway: false,
    hidePrefsrc: false, hideIif: false, typemask: 0,
  };
}

/** One route as ip prints it: a text line ending in "\n" or, with `json`, its JSON object. */
export function formatRoute(r: Route, o: RouteFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: o.oneline === true });
  p.obj();
  printRoute(p, routeMessageOf(r), showEnv(o), o.deleted === true);
  p.endObj();
  return p.take();
}

/** Routes as `ip route show` prints them: the text lines, or with `json` ip's whole JSON array (and its newline). */
export function formatRoutes(routes: Iterable<Route>, o: RouteFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: o.oneline === true });
  const env = showEnv(o);
  p.arr(null);
  for (const r of routes) {
    p.obj();
    printRoute(p, routeMessageOf(r), env, o.deleted === true);
    p.endObj();
  }
  p.endArr();
  return o.json ? p.take() + "\n" : p.take();
}
