/**
 * `ip monitor [all | OBJECTS] [label] [file FILE]` on the library's event subscriptions
 * (lib/monitor): every notification printed the way ip 6.1 prints it
 * (links without mode/qlen, addresses as "N: dev    inet ...", "Deleted "
 * before removals, "[LINK]"-style labels with `label`, timestamps with -t).
 * Like ip 6.1, output is text even with -json. Runs until interrupted (or
 * until the Io's AbortSignal fires). As ip does, it joins its groups
 * before anything else (reading the links, loading the printers), so
 * events are queued from a few milliseconds after the command starts.
 */
import { MONITOR_GROUPS } from "../lib/monitor/groups.ts";
import { subscribe } from "../lib/monitor/subscription.ts";
import { NetlinkSocket } from "../lib/sys/netlink-socket.ts";
import { closeFd } from "../lib/sys/ns.ts";
import type { Ctx } from "./context.ts";
import { invarg } from "./errors.ts";
import { groupsFor, parseMonitorArgs } from "./monitor-args.ts";
import { steadyJit } from "./launch.ts";
import { takeEarlySocket } from "./monitor-early.ts";

/** The `monitor` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  steadyJit(); // runs until stopped
  const args = parseMonitorArgs(argv);
  let dev: number | undefined;
  if (args.dev !== undefined) {
    dev = ctx.names.indexOf(args.dev);
    if (!dev) throw invarg("Device does not exist\n", args.dev);
  }
  if (args.file !== undefined) return (await import("./monitor-file.ts")).monitorFile(ctx, args.file, args, dev);
  const groups = groupsFor(args.families, ctx.opts.family);
  // joined now (or already, by the entry script: monitor-early.ts): from here on the kernel queues every event for us
  const fd = takeEarlySocket(ctx.opts.netns, groups.map((g) => MONITOR_GROUPS[g]), closeFd);
  const socket = fd === undefined ? undefined : NetlinkSocket.adopt(fd);
  const sub = subscribe({ groups, netns: ctx.netns, ...(socket ? { socket } : {}), ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
  const { formatEvent, onDev } = await import("./monitor-format.ts");
  const { dumpLinks } = await import("./link-dump.ts");
  // ip's ll_init_map (after rtnl_open joined the groups): know every existing link before the first event
  ctx.names.remember(dumpLinks(ctx));
  await sub.ready;
  for await (const ev of sub) {
    if (dev !== undefined && ev.kind !== "overrun" && ev.kind !== "undecodable" && !onDev(ev, dev)) continue;
    const s = formatEvent(ctx, ev, args.label);
    if (s) ctx.io.out(s);
  }
  return 0;
}
