/**
 * `monitor` joins its groups before the rest of bun-netlink loads, as ip
 * joins them first thing (rtnl_open in do_ipmonitor): the entry script
 * calls joinEarly(argv) before importing main.ts. When the command line is
 * a plain `monitor` one, a NETLINK_ROUTE socket is opened (inside the -n
 * namespace), bound and joined (lib/sys/early-socket.ts: six libc symbols),
 * and from then on the kernel queues every event for it. monitor.ts takes
 * the fd over (takeEarlySocket) and hands it to the library's subscription.
 *
 * Nothing else is imported: the words are read by a small copy of the rules
 * of options.ts and monitor-args.ts that only accepts what it fully
 * understands (test/cli/startup.test.ts compares it with them on random
 * command lines). Anything unusual (an unknown word, help, -batch, a
 * missing namespace) leaves it to the normal path, which reports it as ip
 * does; a socket joined for other groups or another namespace is closed.
 */
import { openJoinedRouteSocket } from "../lib/sys/early-socket.ts";

/** Receive buffer of the early socket: room for what arrives while the rest loads (ip asks for 1 MiB). */
const EARLY_RCVBUF = 4 << 20;

/** RTNLGRP_* numbers (linux/rtnetlink.h), as lib/monitor/groups.ts MONITOR_GROUPS maps them. */
const GRP = { link: 1, neigh: 3, v4addr: 5, v4route: 7, v4rule: 8, v6addr: 9, v6route: 11, v6rule: 19, nsid: 28, nexthop: 32 } as const;

/** AF_INET, AF_INET6 (linux/socket.h). */
const INET = 2;
const INET6 = 10;

/** ip 6.1's matches(): `word` is a non-empty prefix of `keyword` (cli/args.ts). */
function matches(word: string, keyword: string): boolean {
  return word.length > 0 && word.length <= keyword.length && keyword.startsWith(word);
}

/**
 * ip's global options in options.ts' order: "v" takes a value, "f" is a
 * family, "-" is a flag, "x" is one the early path leaves to the normal one.
 */
const OPTIONS: ReadonlyArray<readonly [string, "v" | "f" | "-" | "x" | "n"]> = [
  ["-loops", "v"], ["-family", "f"], ["-human", "-"], ["-human-readable", "-"], ["-iec", "-"], ["-stats", "-"],
  ["-statistics", "-"], ["-details", "-"], ["-resolve", "-"], ["-oneline", "-"], ["-timestamp", "-"], ["-tshort", "-"],
  ["-Version", "x"], ["-force", "-"], ["-batch", "x"], ["-rcvbuf", "x"], ["-help", "x"], ["-netns", "n"],
  ["-Numeric", "-"], ["-all", "-"], ["-json", "-"], ["-pretty", "-"], ["-brief", "-"],
];

/** What the early socket is joined for. */
export interface EarlyRequest {
  /** The -n argument as given. */
  netns: string | undefined;
  /** RTNLGRP numbers, in monitor.ts' order (groupsFor). */
  groups: number[];
}

/**
 * The namespace and groups of `argv` when it is a `monitor` command line the
 * early path understands completely, else undefined (the normal path then
 * does everything). Never throws.
 */
export function earlyRequest(argv: readonly string[]): EarlyRequest | undefined {
  let netns: string | undefined;
  let family = 0;
  let i = 0;
  for (; i < argv.length; i++) {
    let opt = argv[i]!;
    if (opt === "--") {
      i++;
      break;
    }
    if (opt[0] !== "-") break;
    if (opt[1] === "-") opt = opt.slice(1);
    if (opt === "-4") family = INET;
    else if (opt === "-6") family = INET6;
    else if (opt === "-0" || opt === "-M" || opt === "-B") family = -1; // rare with monitor: left to the normal path
    else if (opt.startsWith("-c")) return undefined; // -color (options.ts accepts its forms; rare in scripts)
    else {
      const o = OPTIONS.find(([k]) => matches(opt, k));
      if (o === undefined || o[1] === "x") return undefined;
      if (o[1] === "v" || o[1] === "f" || o[1] === "n") {
        const v = argv[++i];
        if (v === undefined) return undefined;
        if (o[1] === "n") netns = v;
        else if (o[1] === "f") {
          if (v === "inet") family = INET;
          else if (v === "inet6") family = INET6;
          else return undefined;
        }
      }
    }
  }
  const obj = argv[i];
  // ip's object table: "m" is maddress, "mo" monitor
  if (obj === undefined || !matches(obj, "monitor") || matches(obj, "maddress")) return undefined;
  if (family === -1) return undefined;
  const families: string[] = [];
  for (let k = i + 1; k < argv.length; k++) {
    const w = argv[k]!;
    // monitor-args.ts' order ("l" is label, "n" neigh)
    if (matches(w, "file")) return undefined;
    else if (matches(w, "label")) continue;
    else if (matches(w, "link")) families.push("link");
    else if (matches(w, "address")) families.push("address");
    else if (matches(w, "route")) families.push("route");
    else if (matches(w, "mroute") || matches(w, "prefix")) return undefined;
    else if (matches(w, "neigh")) families.push("neigh");
    else if (matches(w, "netconf")) return undefined;
    else if (matches(w, "rule")) families.push("rule");
    else if (matches(w, "nsid")) families.push("nsid");
    else if (matches(w, "nexthop")) families.push("nexthop");
    else if (w === "all") continue; // labels only
    else if (w === "dev" && k + 1 < argv.length) k++;
    else return undefined;
  }
  if (families.length === 0) families.splice(0, families.length, "link", "address", "route", "neigh", "rule", "nsid", "nexthop");
  const v4 = family !== INET6;
  const v6 = family !== INET;
  const groups: number[] = [];
  for (const f of families) {
    if (f === "link") groups.push(GRP.link);
    else if (f === "neigh") groups.push(GRP.neigh);
    else if (f === "nsid") groups.push(GRP.nsid);
    else if (f === "nexthop") groups.push(GRP.nexthop);
    else {
      const [g4, g6] = f === "address" ? [GRP.v4addr, GRP.v6addr] : f === "route" ? [GRP.v4route, GRP.v6route] : [GRP.v4rule, GRP.v6rule];
      if (v4) groups.push(g4);
      if (v6) groups.push(g6);
    }
  }
  return { netns, groups };
}

/** Where a -n argument points: a path when it contains "/", else a name under /run/netns (lib/netns/names.ts). */
function netnsPath(ref: string): string | undefined {
  if (ref.includes("/")) return ref;
  if (ref === "." || ref === ".." || ref.length > 255) return undefined;
  return `/run/netns/${ref}`;
}

let early: { netns: string | undefined; groups: string; fd: number } | undefined;

/** When `argv` is a `monitor` command line, open the socket and join its groups now. Throws only when the thread cannot return to its namespace. */
export function joinEarly(argv: readonly string[]): void {
  const req = earlyRequest(argv);
  if (req === undefined) return;
  const path = req.netns === undefined ? undefined : netnsPath(req.netns);
  if (req.netns !== undefined && path === undefined) return;
  const fd = openJoinedRouteSocket(path, req.groups, EARLY_RCVBUF);
  if (fd !== undefined) early = { netns: req.netns, groups: req.groups.join(","), fd };
}

/**
 * The early socket's fd when it was joined for this namespace and these
 * RTNLGRP numbers (else it is closed with `close`); taken once.
 */
export function takeEarlySocket(netns: string | undefined, groups: readonly number[], close: (fd: number) => void): number | undefined {
  const e = early;
  early = undefined;
  if (e === undefined) return undefined;
  if (e.netns === netns && e.groups === groups.join(",")) return e.fd;
  close(e.fd);
  return undefined;
}
