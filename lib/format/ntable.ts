/**
 * One neighbour table entry (lib/rtnl/ntable NeighbourTable) as
 * `ip ntable show` prints it, in text and in `-json` (ip/ipntable.c
 * print_ntable of iproute2 6.1): family and name, the thresholds, with -s
 * the table's config, the parameters, with -s the statistics. Used by the
 * CLI; exported for users who want ip-shaped output.
 */
import type { NeighbourTable, NeighbourTableConfig, NeighbourTableStats } from "../rtnl/ntable/model.ts";
import { familyName } from "./names.ts";
import { COLOR, type Printer } from "./printer.ts";

/** Options of one entry. */
export interface NtablePrintOptions {
  /** Name of a link by index; default: "if<N>" (ip's ll_index_to_name for an unknown index). */
  devName?: (ifindex: number) => string;
  /** ip -s: print config and statistics of the tables' own entries. */
  stats?: boolean;
  /** The current time in ms (config ages are printed as local times); default Date.now(). */
  now?: number;
}

const PARM_KEYS = [
  "refcnt", "reachableTime", "baseReachableTime", "retransTime", "gcStaletime", "delayProbeTime", "queueLen", "appProbes",
  "ucastProbes", "mcastProbes", "anycastDelay", "proxyDelay", "proxyQlen", "locktime", "queueLenbytes", "mcastReprobes", "intervalProbeTimeMs",
] as const;

/** Print one entry (the caller opens and closes its JSON object, as printRows does). */
export function printNtable(p: Printer, t: NeighbourTable, opts: NtablePrintOptions = {}): void {
  p.str("family", "%s ", typeof t.family === "number" ? familyName(t.family) : t.family);
  if (t.name !== "") p.str("name", "%s ", t.name);
  p.nl();
  const limits = t.thresh1 !== undefined || t.thresh2 !== undefined || t.thresh3 !== undefined || t.gcInterval !== undefined;
  if (limits) p.text("    ");
  if (t.thresh1 !== undefined) p.num("thresh1", "thresh1 %s ", t.thresh1);
  if (t.thresh2 !== undefined) p.num("thresh2", "thresh2 %s ", t.thresh2);
  if (t.thresh3 !== undefined) p.num("thresh3", "thresh3 %s ", t.thresh3);
  if (t.gcInterval !== undefined) p.num("gc_interval", "gc_int %s ", t.gcInterval);
  if (limits) p.nl();
  if (t.config !== undefined && opts.stats) printConfig(p, t.config, opts.now ?? Date.now());
  if (t.ifindex !== undefined || PARM_KEYS.some((k) => t[k] !== undefined)) printParms(p, t, opts);
  if (t.stats !== undefined && opts.stats) printStats(p, t.stats);
  p.text("\n");
}

function printParms(p: Printer, t: NeighbourTable, opts: NtablePrintOptions): void {
  const line = (): void => p.text(`${p.sl}    `);
  const num = (key: string, v: number | undefined): void => {
    if (v !== undefined) p.num(key, `${key} %s `, v);
  };
  if (t.ifindex !== undefined) {
    p.text("    dev ");
    p.str("dev", "%s ", opts.devName ? opts.devName(t.ifindex) : `if${t.ifindex}`, COLOR.IFNAME);
    p.nl();
  }
  p.text("    ");
  num("refcnt", t.refcnt);
  num("reachable", t.reachableTime);
  num("base_reachable", t.baseReachableTime);
  num("retrans", t.retransTime);
  line();
  num("gc_stale", t.gcStaletime);
  num("delay_probe", t.delayProbeTime);
  num("queue", t.queueLen);
  line();
  num("app_probes", t.appProbes);
  num("ucast_probes", t.ucastProbes);
  num("mcast_probes", t.mcastProbes);
  line();
  num("anycast_delay", t.anycastDelay);
  num("proxy_delay", t.proxyDelay);
  num("proxy_queue", t.proxyQlen);
  num("locktime", t.locktime);
  p.nl();
}

function printConfig(p: Printer, c: NeighbourTableConfig, now: number): void {
  p.num("key_length", "    config key_len %s ", c.keyLen);
  p.num("entry_size", "entry_size %s ", c.entrySize);
  p.num("entries", "entries %s ", c.entries);
  p.nl();
  p.str("last_flush", "        last_flush %s ", ago(c.lastFlush, now));
  p.str("last_rand", "last_rand %s ", ago(c.lastRand, now));
  p.nl();
  p.num("hash_rnd", "        hash_rnd %s ", c.hashRnd);
  if (p.json) p.str("hash_mask", null, c.hashMask === 0 ? "0" : `0x${c.hashMask.toString(16)}`);
  else p.text(`hash_mask ${c.hashMask.toString(16).padStart(8, "0")} `);
  p.num("hash_chain_gc", "hash_chain_gc %s ", c.hashChainGc);
  p.num("proxy_qlen", "proxy_qlen %s ", c.proxyQlen);
  p.nl();
}

function printStats(p: Printer, s: NeighbourTableStats): void {
  const line = (): void => p.text(`${p.sl}    `);
  p.text("    stats ");
  p.num("allocs", "allocs %s ", s.allocs);
  p.num("destroys", "destroys %s ", s.destroys);
  p.num("hash_grows", "hash_grows %s ", s.hashGrows);
  line();
  p.num("res_failed", "res_failed %s ", s.resFailed);
  p.num("lookups", "lookups %s ", s.lookups);
  p.num("hits", "hits %s ", s.hits);
  line();
  p.num("rcv_probes_mcast", "rcv_probes_mcast %s ", s.rcvProbesMcast);
  p.num("rcv_probes_ucast", "rcv_probes_ucast %s ", s.rcvProbesUcast);
  line();
  p.num("periodic_gc_runs", "periodic_gc_runs %s ", s.periodicGcRuns);
  p.num("forced_gc_runs", "forced_gc_runs %s ", s.forcedGcRuns);
  line();
  p.num("table_fulls", "table_fulls %s ", s.tableFulls ?? 0n);
  p.nl();
}

/**
 * ip's ntable_strtime_delta: the local time `ms` milliseconds before now,
 * to the second ("%Y-%m-%d %T"), or "(error)" for 0 (never).
 */
export function ago(ms: number, now: number): string {
  if (ms === 0) return "(error)";
  const d = new Date((Math.floor(now / 1000) - Math.floor(ms / 1000)) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
