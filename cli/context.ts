/**
 * The state of one run: global options, the output streams, and the
 * netlink connection (opened on first use, inside the -n namespace).
 * Object modules get a Ctx and never open sockets themselves.
 */
import type { NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetnsHandle } from "../lib/netns/handle.ts";
import type { Io } from "./io.ts";
import { LinkNames } from "./link-names.ts";
import { colorSchemeFromEnv, Printer, type ColorScheme } from "../lib/format/printer.ts";

export { AF, defaultOptions, type Options } from "./options.ts";
import type { Options } from "./options.ts";

/** Opens the connection: injected by main so tests can pass their own. */
export type ConnectionFactory = (netns: NetnsHandle | undefined) => NetlinkConnection;

export class Ctx {
  private c: NetlinkConnection | undefined;
  /** Set by the batch runner: requests that only need an ACK are queued on this connection. */
  override: NetlinkConnection | undefined;

  constructor(
    readonly opts: Options,
    readonly io: Io,
    readonly netns: NetnsHandle | undefined,
    private readonly open: ConnectionFactory,
  ) {}

  private n: LinkNames | undefined;

  /** ifindex <-> name cache shared by the commands of a run (cleared by the batch runner after link changes). */
  get names(): LinkNames {
    this.n ??= new LinkNames(this);
    return this.n;
  }

  /** The connection (opened on first use). */
  get conn(): NetlinkConnection {
    if (this.override) return this.override;
    this.c ??= this.open(this.netns);
    return this.c;
  }

  private side: NetlinkConnection | undefined;
  /** Set while a listing streams a dump on `conn`: lookups made meanwhile go to a second connection. */
  streaming = false;

  /** Where name lookups go: `conn`, or while a dump streams on it a second connection (ip's ll_link_get opens one too). */
  get lookupConn(): NetlinkConnection {
    if (!this.streaming) return this.conn;
    this.side ??= this.open(this.netns);
    return this.side;
  }

  /** The connection without the batch queue (for the batch runner itself). */
  get directConn(): NetlinkConnection {
    this.c ??= this.open(this.netns);
    return this.c;
  }

  private colorChecked = false;
  private colorScheme: ColorScheme | undefined;

  /**
   * The palette text is coloured with, or undefined (lib/color.c
   * check_enable_color): never with -json or -color=never; -color=auto only
   * when stdout is a terminal; COLORFGBG picks the dark-background palette.
   */
  get color(): ColorScheme | undefined {
    if (this.colorChecked) return this.colorScheme;
    this.colorChecked = true;
    const o = this.opts.color;
    if (this.opts.json || o === "never") return undefined;
    if (o === "auto" && !stdoutIsTerminal(this.io)) return undefined;
    return (this.colorScheme = colorSchemeFromEnv(process.env["COLORFGBG"]));
  }

  /** A printer for the global output options. */
  printer(): Printer {
    const color = this.opts.color === "never" ? undefined : this.color;
    return new Printer({ json: this.opts.json, pretty: this.opts.pretty, oneline: this.opts.oneline, ...(color ? { color } : {}) });
  }

  close(): void {
    this.c?.close();
    this.c = undefined;
    this.side?.close();
    this.side = undefined;
  }
}

/**
 * isatty(1) for the process's own streams; an in-memory Io (tests,
 * embedding) is no terminal. node:tty is loaded on first use only (its cost
 * on every command's start is what route-save.ts avoids too).
 */
function stdoutIsTerminal(io: Io): boolean {
  if ("stdout" in io) return false;
  return (require("node:tty") as typeof import("node:tty")).isatty(1);
}

/** What each object module exports. */
export interface ObjectModule {
  /** Run the words after the object name; returns ip's status (0, 1, 2). */
  run(ctx: Ctx, argv: string[]): number | Promise<number>;
}
