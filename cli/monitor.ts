/**
 * `ip monitor [all | OBJECTS] [label]` on the library's event subscriptions
 * (lib/monitor): every notification printed the way ip 6.1 prints it
 * (links without mode/qlen, addresses as "N: dev    inet ...", "Deleted "
 * before removals, "[LINK]"-style labels with `label`, timestamps with -t).
 * Like ip 6.1, output is text even with -json. Runs until interrupted (or
 * until the Io's AbortSignal fires).
 */
import { subscribe } from "../lib/monitor/subscription.ts";
import type { MonitorFamily, MonitorGroup } from "../lib/monitor/groups.ts";
import type { MonitorEvent } from "../lib/monitor/decode-event.ts";
import { printAddr } from "./addr-format.ts";
import { matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, nodev } from "./errors.ts";
import { dumpLinks } from "./link-dump.ts";
import { printLink } from "./link-format.ts";
import { printNeigh } from "./neighbour.ts";
import { printNexthop } from "./nexthop.ts";
import { Printer } from "./printer.ts";
import { printRoute } from "./route-format.ts";
import { showEnv } from "./route.ts";
import { printRule } from "./rule.ts";
import { MONITOR_USAGE } from "./usage-texts.ts";

const USAGE = MONITOR_USAGE;

const LABELS: Record<MonitorFamily, string> = {
  link: "[LINK]", address: "[ADDR]", route: "[ROUTE]", neighbour: "[NEIGH]", rule: "[RULE]", nsid: "[NSID]", nexthop: "[NEXTHOP]",
};

/** Groups for the requested objects, narrowed by -4/-6 as ip does. */
function groupsFor(families: MonitorFamily[], family: number): MonitorGroup[] {
  const out: MonitorGroup[] = [];
  const v4 = family !== AF.INET6;
  const v6 = family !== AF.INET;
  for (const f of families) {
    if (f === "link") out.push("link");
    else if (f === "neighbour") out.push("neigh");
    else if (f === "nsid") out.push("nsid");
    else if (f === "nexthop") out.push("nexthop");
    else {
      const base = f === "address" ? "ifaddr" : f;
      if (v4) out.push(`ipv4-${base}` as MonitorGroup);
      if (v6) out.push(`ipv6-${base}` as MonitorGroup);
    }
  }
  return out;
}

function timestamp(short: boolean): string {
  const d = new Date();
  if (short) return `[${d.toISOString().replace("Z", "").replace(/\.(\d{3})$/, ".$1000")}] `;
  return `Timestamp: ${d.toString().replace(/ GMT.*$/, "")} ${String(d.getTime() % 1000).padStart(3, "0")}000 usec\n`;
}

/** Print one event as ip monitor does; returns the text. */
export function formatEvent(ctx: Ctx, ev: MonitorEvent, label: boolean): string {
  if (ev.kind === "overrun") return "";
  if (ev.kind === "undecodable") return `bun-netlink: undecodable message of type ${ev.type}: ${ev.error.message}\n`;
  const p = new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline });
  const del = ev.kind === "del";
  const names = ctx.names;
  switch (ev.family) {
    case "link": {
      // like ip's ll_map: names come from the link events themselves, so later events
      // about a link (its neighbours and routes going away) still print its name
      if (ev.object.attrs.ifname !== undefined) names.remember([ev.object]);
      printLink(p, ev.object, {
        opts: ctx.opts, nameOf: (i) => names.nameOf(i), upOf: (i) => names.upOf(i), doLink: false, showQueue: false,
      }, del);
      p.text("\n");
      if (del) names.forget(ev.object.index);
      break;
    }
    case "address":
      printAddr(p, ev.object, { oneline: true, brief: false, devName: (i) => names.nameOf(i), deleted: del });
      break;
    case "route":
      printRoute(p, ev.object, showEnv(ctx, undefined, names), del);
      break;
    case "neighbour":
      printNeigh(p, ev.object, { nameOf: (i) => names.nameOf(i), filterIndex: 0, stats: ctx.opts.stats }, ev.type === 30 ? "get" : del ? "del" : "new");
      break;
    case "rule":
      printRule(p, ev.object, ctx.opts.details, del);
      break;
    case "nexthop":
      printNexthop(p, ev.object, { details: ctx.opts.details, nameOf: (i) => names.nameOf(i) }, del);
      break;
    case "nsid": {
      const id = ev.object.attrs.nsid;
      p.text(`${del ? "Deleted " : ""}nsid ${id === undefined ? "" : id >>> 0} \n`);
      break;
    }
  }
  const body = p.take();
  if (!body) return "";
  let out = "";
  if (ctx.opts.timestamp) out += timestamp(ctx.opts.timestamp > 1);
  if (label) out += `${LABELS[ev.family]}`;
  return out + body;
}

/** The `monitor` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const families: MonitorFamily[] = [];
  let label = false;
  let all = false;
  let dev: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (matches(w, "link")) families.push("link");
    else if (matches(w, "address")) families.push("address");
    else if (matches(w, "route")) families.push("route");
    else if (matches(w, "neigh")) families.push("neighbour");
    else if (matches(w, "rule")) families.push("rule");
    else if (matches(w, "nsid")) families.push("nsid");
    else if (matches(w, "nexthop")) families.push("nexthop");
    else if (matches(w, "label")) label = true;
    else if (w === "all") all = true;
    else if (w === "dev") {
      const d = argv[++i];
      if (d === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
      dev = ctx.names.indexOf(d);
      if (!dev) throw nodev(d);
    } else if (matches(w, "help")) throw new CliError(USAGE, 255, true);
    else if (["mroute", "prefix", "netconf", "stats", "all-nsid", "file"].includes(w)) {
      throw new CliError(`bun-netlink: "ip monitor ${w}" is not supported\n`, 1, false);
    } else throw new CliError(`Argument "${w}" is unknown, try "ip monitor help".\n`, 255, true);
  }
  const wanted: MonitorFamily[] = all || families.length === 0 ? ["link", "address", "route", "neighbour", "rule", "nsid", "nexthop"] : families;
  // ip's ll_init_map: know every existing link before the first event
  ctx.names.remember(dumpLinks(ctx));
  const sub = subscribe({ groups: groupsFor(wanted, ctx.opts.family), netns: ctx.netns, ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
  await sub.ready;
  for await (const ev of sub) {
    if (dev !== undefined && ev.kind !== "overrun" && ev.kind !== "undecodable" && !onDev(ev, dev)) continue;
    const s = formatEvent(ctx, ev, label);
    if (s) ctx.io.out(s);
  }
  return 0;
}

/** ip's `dev DEVICE` filter: events of that link only. */
function onDev(ev: MonitorEvent & { kind: "new" | "del" }, index: number): boolean {
  switch (ev.family) {
    case "link": return ev.object.index === index;
    case "address": return ev.object.index === index;
    case "neighbour": return ev.object.ifindex === index;
    case "route": return ev.object.attrs.oif === index;
    case "nexthop": return ev.object.attrs.oif === index;
    default: return true;
  }
}
