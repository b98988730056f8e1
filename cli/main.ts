/**
 * bun-netlink's iproute2-compatible command line: global options as ip
 * 6.1 parses them, then one object module loaded on demand (a one-shot
 * `link show` loads the link code only), or a -batch file.
 *
 *   import { main } from "bun-netlink/cli/main.ts";
 *   const status = await main(["-j", "link", "show"], processIo());
 */
import { NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetnsHandle } from "../lib/netns/handle.ts";
import { openSocketInNetns } from "../lib/netns/run.ts";
import { KernelTransport } from "../lib/transport/kernel.ts";
import { PcapWriter } from "../lib/transport/pcap.ts";
import { AckLastTransport } from "./ack-last.ts";
import { matches } from "./args.ts";
import { CLI_USAGE, parseOptions, usage } from "./options.ts";
import { Ctx, type ConnectionFactory, type ObjectModule } from "./context.ts";
import { CliError, isNetlinkError, kernelError, strerror } from "./errors.ts";
import type { Io } from "./io.ts";

/** The version line of `-V`. */
export const VERSION = "bun-netlink utility, version 0.1.0 (iproute2-6.1.0 compatible)";

const USAGE = CLI_USAGE;

type Loader = () => Promise<ObjectModule>;

/**
 * ip 6.1's object table, in its order (a prefix picks the first match:
 * "a" is address, "n" neighbor, "net" netns). Objects bun-netlink does not
 * implement are listed so that their prefixes resolve as in ip.
 */
const OBJECTS: Array<[string, Loader | null]> = [
  ["address", () => import("./address.ts")],
  ["addrlabel", () => import("./addrlabel.ts")],
  ["maddress", null],
  ["route", () => import("./route.ts")],
  ["rule", () => import("./rule.ts")],
  ["neighbor", () => import("./neighbour.ts")],
  ["neighbour", () => import("./neighbour.ts")],
  ["ntable", null],
  ["ntbl", null],
  ["link", () => import("./link.ts")],
  ["l2tp", null],
  ["fou", null],
  ["ila", null],
  ["macsec", null],
  ["tunnel", null],
  ["tunl", null],
  ["tuntap", null],
  ["tap", null],
  ["token", null],
  ["tcpmetrics", null],
  ["tcp_metrics", null],
  ["monitor", () => import("./monitor.ts")],
  ["xfrm", null],
  ["mroute", null],
  ["mrule", null],
  ["netns", () => import("./netns.ts")],
  ["netconf", null],
  ["vrf", null],
  ["sr", null],
  ["nexthop", () => import("./nexthop.ts")],
  ["mptcp", null],
  ["ioam", null],
  ["help", null],
  ["stats", null],
  ["state", () => import("./state.ts")], // bun-netlink's own: declarative state documents (lib/state)
];

/** Find the module of an object word; a CliError for unknown or unimplemented objects. */
export function findObject(word: string): { name: string; load: Loader } {
  for (const [name, load] of OBJECTS) {
    if (!matches(word, name)) continue;
    if (name === "help") throw usage();
    if (!load) throw new CliError(`Object "${name}" is not implemented by bun-netlink.\n`, 1, false);
    return { name, load };
  }
  throw new CliError(`Object "${word}" is unknown, try "ip help".\n`, 1, false);
}

/** How runCommand treats failures (used by the batch runner). */
export interface RunHooks {
  /** Called before an error is printed (the batch sends its queue first so messages keep their order). */
  beforeReport?(): void;
  /** Rethrow fatal CLI errors (ip's exit() paths) instead of printing them. */
  rethrowFatal?: boolean;
  /** Errors to pass through untouched. */
  passThrough?(e: unknown): boolean;
}

/** Object modules already loaded (a batch runs many lines of the same object: one import each). */
const loaded = new Map<string, ObjectModule>();

/** Run one command (object + words) and turn every failure into ip's message and status. */
export async function runCommand(ctx: Ctx, words: string[], hooks: RunHooks = {}): Promise<number> {
  try {
    const obj = findObject(words[0]!);
    let mod = loaded.get(obj.name);
    if (mod === undefined) {
      mod = await obj.load();
      loaded.set(obj.name, mod);
    }
    return await mod.run(ctx, words.slice(1));
  } catch (e) {
    return failure(ctx, e, hooks);
  }
}

/** What runCommand does with a failure: pass it through, rethrow it (fatal, in a batch) or print it and return the status. */
export function failure(ctx: Ctx, e: unknown, hooks: RunHooks): number {
  if (hooks.passThrough?.(e)) throw e;
  hooks.beforeReport?.();
  if (hooks.rethrowFatal && e instanceof CliError && e.fatal) throw e;
  return report(ctx.io, e);
}

/** Print an error the way ip would and return its exit status; rethrows fatal CLI errors in batches. */
export function report(io: Io, e: unknown): number {
  if (e instanceof CliError) {
    io.err(e.message);
    return e.code;
  }
  if (isNetlinkError(e)) {
    const c = kernelError(e);
    io.err(c.message);
    return c.code;
  }
  if (e instanceof TypeError || e instanceof RangeError) {
    io.err(`Error: ${e.message}\n`);
    return 1;
  }
  const err = e as { name?: string; message?: string; code?: string };
  io.err(`Error: ${err.message ?? String(e)}\n`);
  return 1;
}

/** The real connection: a NETLINK_ROUTE socket, inside the -n namespace when given; for -batch, ACKs of pipelined requests are asked for once per datagram (ack-last.ts). */
function kernelConnection(batch: boolean): ConnectionFactory {
  return (ns) => {
    const t = ns ? new KernelTransport(openSocketInNetns(ns, 0)) : KernelTransport.open(0);
    return new NetlinkConnection(batch ? new AckLastTransport(t) : t, { pcap: envPcap() });
  };
}

let pcapWriter: PcapWriter | undefined;
/** BUN_NETLINK_PCAP=FILE: every connection of this run appends its netlink exchange to one pcap file. */
function envPcap(): PcapWriter | undefined {
  const path = process.env["BUN_NETLINK_PCAP"];
  if (path === undefined || path === "") return undefined;
  pcapWriter ??= new PcapWriter(path);
  return pcapWriter;
}

/** Hooks for tests: a different connection factory. */
export interface MainHooks {
  connect?: ConnectionFactory;
}

/**
 * Run the command line `argv` (without the program name) with `io`;
 * resolves to the exit status. Never throws for user or kernel errors.
 */
export async function main(argv: readonly string[], io: Io, hooks: MainHooks = {}): Promise<number> {
  const parsed = parseOptions(argv);
  if ("exit" in parsed) {
    if (parsed.exit === "version") {
      io.out(VERSION + "\n");
      return 0;
    }
    io.err(parsed.exit.message);
    return parsed.exit.code;
  }
  const { opts, rest } = parsed;
  let ns: NetnsHandle | undefined;
  if (opts.netns !== undefined) {
    try {
      const { NetnsHandle } = await import("../lib/netns/handle.ts");
      ns = NetnsHandle.open(opts.netns);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const errno = (e as { errno?: number }).errno;
      io.err(`Cannot open network namespace "${opts.netns}": ${typeof errno === "number" ? strerror(errno) : code ?? String(e)}\n`);
      return 255;
    }
  }
  const ctx = new Ctx(opts, io, ns, hooks.connect ?? kernelConnection(opts.batch !== undefined));
  try {
    if (opts.batch !== undefined) {
      const { runBatch } = await import("./batch.ts");
      return await runBatch(ctx, opts.batch);
    }
    if (rest.length === 0) {
      io.err(USAGE);
      return 255;
    }
    return await runCommand(ctx, rest);
  } catch (e) {
    return report(io, e);
  } finally {
    ctx.close();
    ns?.close();
  }
}


export { parseOptions } from "./options.ts";
