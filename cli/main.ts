/**
 * bun-netlink's iproute2-compatible command line: global options as ip
 * 6.1 parses them, then one object module loaded on demand (a one-shot
 * `link show` loads the link code only), or a -batch file.
 *
 *   import { main } from "bun-netlink/cli/main.ts";
 *   const status = await main(["-j", "link", "show"], processIo());
 */
import { openConnection } from "../lib/conn/open.ts";
import type { NetnsHandle } from "../lib/netns/handle.ts";
import { PcapWriter } from "../lib/transport/pcap.ts";
import { cliUsage, parseOptions } from "./options.ts";
import { Ctx, type ConnectionFactory } from "./context.ts";
import { report, runCommand } from "./dispatch.ts";
import { strerror } from "./errors.ts";
import type { Io } from "./io.ts";
import { steadyJit } from "./launch.ts";
import { setNumericNames } from "../lib/format/names.ts";

export { findObject, report, runCommand, type RunHooks } from "./dispatch.ts";

/** The version line of `-V`. */
export const VERSION = "bun-netlink utility, version 0.1.0 (iproute2-6.1.0 compatible)";

/** The real connection: a NETLINK_ROUTE socket, inside the -n namespace when given (pipelined batches ask one ACK per window: lib/conn/batch.ts). */
function kernelConnection(): ConnectionFactory {
  return (ns, wrap) => {
    const pcap = envPcap();
    // readAhead: a long listing's kernel walk runs on another thread while this one prints (lib/transport/read-ahead*.ts);
    // BUN_NETLINK_READ_AHEAD=0 keeps it on one thread (a one-core machine, or comparing), =uring or =worker picks the engine
    const env = process.env["BUN_NETLINK_READ_AHEAD"];
    const readAhead = env === "0" ? false : env === "uring" || env === "worker" ? env : "auto";
    return openConnection({ readAhead, ...(ns ? { netns: ns } : {}), ...(pcap ? { pcap } : {}), ...(wrap ? { wrap } : {}) });
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
  setNumericNames(opts.numeric); // -N, for this command line only (tests run many in one process)
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
  const ctx = new Ctx(opts, io, ns, hooks.connect ?? kernelConnection());
  if (opts.echo) ctx.echoTap = new (await import("./echo.ts")).EchoTap();
  try {
    if (opts.batch !== undefined) {
      steadyJit(); // a file of commands: a long run
      const { runBatch } = await import("./batch.ts");
      return await runBatch(ctx, opts.batch);
    }
    if (rest.length === 0) {
      io.err(cliUsage());
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
