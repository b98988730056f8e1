/**
 * The words of `ip monitor` (ip/ipmonitor.c do_ipmonitor of iproute2 6.1,
 * in its order: "l" is label, "m" mroute, "n" neigh, "net" netconf) and
 * the groups they select, narrowed by -4/-6. Few imports: the early join
 * (monitor-early.ts) parses them before the rest of the program loads.
 */
import type { MonitorFamily, MonitorGroup } from "../lib/monitor/groups.ts";
import { matches } from "./args.ts";
import { CliError, incomplete } from "./errors.ts";
import { AF } from "./options.ts";
import { MONITOR_USAGE } from "./usage-texts.ts";

/** What the monitor words ask for. */
export interface MonitorArgs {
  families: MonitorFamily[];
  label: boolean;
  /** `dev NAME`: events of that link only (resolved by the caller). */
  dev?: string;
  /** `file FILE`: print the messages saved in FILE instead of listening (monitor-file.ts). */
  file?: string;
}

/** Parse the words after `monitor`; CliErrors with ip's messages. */
export function parseMonitorArgs(argv: readonly string[]): MonitorArgs {
  const families: MonitorFamily[] = [];
  let label = false;
  let dev: string | undefined;
  let file: string | undefined;
  const unsupported = (w: string) => new CliError(`bun-netlink: "ip monitor ${w}" is not supported\n`, 1, false);
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (matches(w, "file")) {
      const f = argv[++i];
      if (f === undefined) throw incomplete();
      file = f;
    } else if (matches(w, "label")) label = true;
    else if (matches(w, "link")) families.push("link");
    else if (matches(w, "address")) families.push("address");
    else if (matches(w, "route")) families.push("route");
    else if (matches(w, "mroute")) throw unsupported("mroute");
    else if (matches(w, "prefix")) throw unsupported("prefix");
    else if (matches(w, "neigh")) families.push("neighbour");
    else if (matches(w, "netconf")) throw unsupported("netconf");
    else if (matches(w, "rule")) families.push("rule");
    else if (matches(w, "nsid")) families.push("nsid");
    else if (matches(w, "nexthop")) families.push("nexthop");
    else if (w === "stats") throw unsupported("stats");
    else if (w === "all") label = true; // ip: prefix_banner, the objects stay as given
    else if (matches(w, "all-nsid")) throw unsupported("all-nsid");
    else if (matches(w, "help")) throw new CliError(MONITOR_USAGE, 255, true);
    else if (w === "dev") {
      const d = argv[++i];
      if (d === undefined) throw incomplete();
      dev = d;
    } else throw new CliError(`Argument "${w}" is unknown, try "ip monitor help".\n`, 255, true);
  }
  const out: MonitorArgs = { families: families.length === 0 ? ["link", "address", "route", "neighbour", "rule", "nsid", "nexthop"] : families, label };
  if (dev !== undefined) out.dev = dev;
  if (file !== undefined) out.file = file;
  return out;
}

/** Groups for the requested objects, narrowed by -4/-6 as ip does. */
export function groupsFor(families: MonitorFamily[], family: number): MonitorGroup[] {
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
