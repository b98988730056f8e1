/**
 * A `bun-netlink-tc` command context over a given connection (the fake
 * kernel of the request-bytes tests), with fixed interface indexes: what
 * the tests that compare our CLI's requests with tc's strace captures run
 * the commands in.
 */
import { memoryIo } from "../../cli/io.ts";
import { TcCtx, type TcOptions } from "../../cli/tc/context.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";

/** tc's options with every flag off (no -s, -d, -j ...). */
export const TC_PLAIN: TcOptions = { stats: 0, details: 0, raw: 0, pretty: false, json: false, oneline: false, iec: false, force: false };

class FakeTcCtx extends TcCtx {
  private readonly fake: Rtnl;
  constructor(conn: NetlinkConnection, private readonly links: Record<string, number>, opts: TcOptions) {
    super(opts, memoryIo(""));
    this.fake = new Rtnl(conn);
  }
  override rtnl(): Rtnl { return this.fake; }
  override index(name: string): number | undefined { return this.links[name]; }
}

/** A TcCtx whose netlink traffic goes to `conn` and whose link names resolve through `links`. */
export function fakeTcCtx(conn: NetlinkConnection, links: Record<string, number>, opts: Partial<TcOptions> = {}): TcCtx {
  return new FakeTcCtx(conn, links, { ...TC_PLAIN, ...opts });
}
