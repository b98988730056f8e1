/**
 * The object dispatcher of the command line: ip 6.1's object table (prefix
 * matching as ip's), one module loaded per object, and the way a failure is
 * printed and turned into ip's exit status. Used by main.ts and the -batch
 * runner (batch.ts).
 */
import { matches } from "./args.ts";
import type { Ctx, ObjectModule } from "./context.ts";
import { CliError, isNetlinkError, kernelError } from "./errors.ts";
import type { Io } from "./io.ts";
import { usage } from "./options.ts";

type Loader = () => Promise<ObjectModule>;

/**
 * ip 6.1's object table, in its order (a prefix picks the first match:
 * "a" is address, "n" neighbor, "net" netns). Objects bun-netlink does not
 * implement are listed so that their prefixes resolve as in ip.
 */
const OBJECTS: Array<[string, Loader | null]> = [
  ["address", () => import("./address.ts")],
  ["addrlabel", () => import("./addrlabel.ts")],
  ["maddress", () => import("./maddress.ts")],
  ["route", () => import("./route.ts")],
  ["rule", () => import("./rule.ts")],
  ["neighbor", () => import("./neighbour.ts")],
  ["neighbour", () => import("./neighbour.ts")],
  ["ntable", () => import("./ntable.ts")],
  ["ntbl", () => import("./ntable.ts")],
  ["link", () => import("./link.ts")],
  ["l2tp", null],
  ["fou", null],
  ["ila", null],
  ["macsec", null],
  ["tunnel", null],
  ["tunl", null],
  ["tuntap", () => import("./tuntap.ts")],
  ["tap", () => import("./tuntap.ts")],
  ["token", () => import("./token.ts")],
  ["tcpmetrics", null],
  ["tcp_metrics", null],
  ["monitor", () => import("./monitor.ts")],
  ["xfrm", null],
  ["mroute", null],
  ["mrule", null],
  ["netns", () => import("./netns.ts")],
  ["netconf", () => import("./netconf.ts")],
  ["vrf", null],
  ["sr", null],
  ["nexthop", () => import("./nexthop.ts")],
  ["mptcp", null],
  ["ioam", null],
  ["help", null],
  ["stats", () => import("./stats.ts")],
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
    const run = mod.run;
    // -echo: the change's echo printed after it (echo.ts, loaded only then)
    if (ctx.echoTap) return await (await import("./echo.ts")).withEcho(ctx, ctx.echoTap, obj.name, words[1], () => run(ctx, words.slice(1)));
    return await run(ctx, words.slice(1));
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
