/**
 * The state of one run: global options, the output streams, and the
 * netlink connection (opened on first use, inside the -n namespace).
 * Object modules get a Ctx and never open sockets themselves.
 */
import type { NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetnsHandle } from "../lib/netns/handle.ts";
import type { Io } from "./io.ts";
import type { Transport } from "../lib/transport/transport.ts";
import type { EchoTap } from "./echo.ts";
import { LinkNames } from "./link-names.ts";
import { Printer, type ColorScheme } from "../lib/format/printer.ts";
import { enabledColor } from "./options.ts";

export { AF, defaultOptions, type Options } from "./options.ts";
import type { Options } from "./options.ts";

/** Opens the connection: injected by main so tests can pass their own; `wrap` (-echo's tap) goes around its transport. */
export type ConnectionFactory = (netns: NetnsHandle | undefined, wrap?: (t: Transport) => Transport) => NetlinkConnection;

export class Ctx {
  private c: NetlinkConnection | undefined;
  /** Set by the batch runner: requests that only need an ACK are queued on this connection. */
  override: NetlinkConnection | undefined;
  /** With -echo (set by main before the first request): the tap on the run's connection (echo.ts). */
  echoTap: EchoTap | undefined;

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
    return this.directConn;
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
    const tap = this.echoTap;
    this.c ??= tap ? this.open(this.netns, (t) => tap.wrap(t)) : this.open(this.netns);
    return this.c;
  }

  private colorChecked = false;
  private colorScheme: ColorScheme | undefined;

  /** The palette text is coloured with (-color), or undefined: options.ts enabledColor, decided once per run. */
  get color(): ColorScheme | undefined {
    if (!this.colorChecked) {
      this.colorChecked = true;
      this.colorScheme = enabledColor(this.opts.color, this.opts.json, this.io);
    }
    return this.colorScheme;
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

/** What each object module exports. */
export interface ObjectModule {
  /** Run the words after the object name; returns ip's status (0, 1, 2). */
  run(ctx: Ctx, argv: string[]): number | Promise<number>;
}
