/**
 * `monitor` joins its groups before the rest of bun-netlink loads, as ip
 * joins them first thing (rtnl_open in do_ipmonitor): the entry script
 * calls joinEarly(argv) before importing main.ts; when the command line
 * is a valid `monitor` one, a NETLINK_ROUTE socket is opened (inside the
 * -n namespace) and joins the groups, and from then on the kernel queues
 * every event for it. monitor.ts takes the socket over (takeEarlySocket)
 * and hands it to the library's subscription. Anything unusual (an
 * unknown word, a missing namespace) leaves it to the normal path, which
 * reports it as ip does.
 */
import { MONITOR_GROUPS, type MonitorGroup } from "../lib/monitor/groups.ts";
import { resolveNetnsPath } from "../lib/netns/names.ts";
import { openSocketInNetns } from "../lib/netns/run.ts";
import { NETLINK_ROUTE } from "../lib/sys/constants.ts";
import { NetlinkSocket } from "../lib/sys/netlink-socket.ts";
import { matches } from "./args.ts";
import { groupsFor, parseMonitorArgs } from "./monitor-args.ts";
import { parseOptions } from "./options.ts";

/** Receive buffer of the early socket. */
const EARLY_RCVBUF = 4 << 20;

let early: { netns: string | undefined; groups: string; sock: NetlinkSocket } | undefined;

/** When `argv` is a `monitor` command line, open the socket and join its groups now. Never throws. */
export function joinEarly(argv: readonly string[]): void {
  try {
    const parsed = parseOptions(argv);
    if ("exit" in parsed || parsed.opts.batch !== undefined) return;
    const [obj, ...rest] = parsed.rest;
    // ip's object table: "m" is maddress, "mo" monitor
    if (obj === undefined || !matches(obj, "monitor") || matches(obj, "maddress")) return;
    const groups = groupsFor(parseMonitorArgs(rest).families, parsed.opts.family);
    const netns = parsed.opts.netns;
    // room for what arrives while the rest loads (ip asks for 1 MiB; SO_RCVBUFFORCE as root)
    const opts = { rcvbuf: EARLY_RCVBUF };
    const sock = netns === undefined ? NetlinkSocket.open(NETLINK_ROUTE, opts) : openSocketInNetns(resolveNetnsPath(netns), NETLINK_ROUTE, opts);
    try {
      for (const g of groups) sock.addMembership(MONITOR_GROUPS[g]);
    } catch {
      sock.close();
      return;
    }
    early = { netns, groups: groups.join(","), sock };
  } catch {
    // the normal path reports it
  }
}

/** The early socket, when it was joined for this namespace and these groups (else it is closed); taken once. */
export function takeEarlySocket(netns: string | undefined, groups: readonly MonitorGroup[]): NetlinkSocket | undefined {
  const e = early;
  early = undefined;
  if (e === undefined) return undefined;
  if (e.netns === netns && e.groups === groups.join(",")) return e.sock;
  e.sock.close();
  return undefined;
}
