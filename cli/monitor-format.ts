/**
 * How `monitor` prints events (ip/ipmonitor.c of iproute2 6.1): each
 * family by its own printer, "Deleted " before removals, "[LINK]"-style
 * labels, timestamps with -t/-ts, and the `dev DEVICE` filter. Loaded by
 * monitor.ts after it has joined its groups, so that start-up cost comes
 * after the kernel already queues events.
 */
import type { MonitorFamily } from "../lib/monitor/groups.ts";
import type { MonitorEvent } from "../lib/monitor/decode-event.ts";
import { printAddress } from "../lib/format/address.ts";
import { toAddress } from "../lib/rtnl/address/model.ts";
import type { Ctx } from "./context.ts";
import { printLink } from "../lib/format/link.ts";
import { printNeigh } from "./neighbour-list.ts";
import { printNexthop } from "./nexthop.ts";
import { Printer } from "../lib/format/printer.ts";
import { printRoute } from "../lib/format/route.ts";
import { showEnv } from "./route-filter.ts";
import { printRule } from "./rule.ts";

const LABELS: Record<MonitorFamily, string> = {
  link: "[LINK]", address: "[ADDR]", route: "[ROUTE]", neighbour: "[NEIGH]", rule: "[RULE]", nsid: "[NSID]", nexthop: "[NEXTHOP]",
  qdisc: "[TC]", class: "[TC]", filter: "[TC]", chain: "[TC]", action: "[TC]", // ip monitor never joins RTNLGRP_TC (tc monitor does)
};

function timestamp(short: boolean): string {
  const d = new Date();
  if (short) return `[${d.toISOString().replace("Z", "").replace(/\.(\d{3})$/, ".$1000")}] `;
  return `Timestamp: ${d.toString().replace(/ GMT.*$/, "")} ${String(d.getTime() % 1000).padStart(3, "0")}000 usec\n`;
}

/** Print one event as ip monitor does; returns the text. */
export function formatEvent(ctx: Ctx, ev: MonitorEvent, label: boolean): string {
  if (ev.kind === "overrun") return "";
  if (ev.kind === "undecodable") return `bun-netlink: undecodable message of type ${ev.type}: ${ev.error.message}\n`;
  // text, coloured as the listings are with -color (ip's monitor prints through the same print_color_* calls)
  const p = ctx.opts.json ? new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline }) : ctx.printer();
  printEvent(p, ctx, ev);
  const body = p.take();
  if (!body) return "";
  let out = "";
  if (ctx.opts.timestamp) out += timestamp(ctx.opts.timestamp > 1);
  if (label) out += `${LABELS[ev.family]}`;
  return out + body;
}

/**
 * One object's message into `p` by its family's print function (ip's
 * print_linkinfo, print_addrinfo, print_route, print_neigh, print_rule,
 * print_nexthop), "Deleted " before a removal: what monitor prints, and
 * what -echo prints of the kernel's echo (echo.ts).
 */
export function printEvent(p: Printer, ctx: Ctx, ev: MonitorEvent & { kind: "new" | "del" }): void {
  const del = ev.kind === "del";
  const names = ctx.names;
  switch (ev.family) {
    case "link": {
      // like ip's ll_map: names come from the link events themselves, so later events
      // about a link (its neighbours and routes going away) still print its name
      if (ev.message.attrs.ifname !== undefined) names.remember([ev.message]);
      printLink(p, ev.message, {
        // ip's monitor resets its link filter (family 0): the link/ether line stays with -4/-6
        opts: { ...ctx.opts, family: 0 }, nameOf: (i) => names.nameOf(i), upOf: (i) => names.upOf(i), doLink: false, showQueue: false,
        truncatedVfs: (n) => ctx.io.err(`Truncated VF list: ${n}\n`),
      }, del);
      p.text("\n");
      if (del) names.forget(ev.message.index);
      break;
    }
    case "address": {
      const a = toAddress(ev.message);
      if (a !== undefined) printAddress(p, a, { oneline: true, devName: (i) => names.nameOf(i), deleted: del, brief: ctx.opts.brief });
      break;
    }
    case "route":
      printRoute(p, ev.message, showEnv(ctx, undefined, names), del);
      break;
    case "neighbour":
      printNeigh(p, ev.message, { nameOf: (i) => names.nameOf(i), filterIndex: 0, stats: ctx.opts.stats, brief: ctx.opts.brief }, ev.type === 30 ? "get" : del ? "del" : "new");
      break;
    case "rule":
      printRule(p, ev.message, ctx.opts.details, del);
      break;
    case "nexthop":
      printNexthop(p, ev.message, { details: ctx.opts.details, nameOf: (i) => names.nameOf(i) }, del);
      break;
    case "nsid": {
      const id = ev.message.attrs.nsid;
      p.text(`${del ? "Deleted " : ""}nsid ${id === undefined ? "" : id >>> 0} \n`);
      break;
    }
  }
}

/** ip's `dev DEVICE` filter: events of that link only. */
export function onDev(ev: MonitorEvent & { kind: "new" | "del" }, index: number): boolean {
  switch (ev.family) {
    case "link": return ev.message.index === index;
    case "address": return ev.message.index === index;
    case "neighbour": return ev.message.ifindex === index;
    case "route": return ev.message.attrs.oif === index;
    case "nexthop": return ev.message.attrs.oif === index;
    default: return true;
  }
}
