/**
 * The one way to open a NETLINK_ROUTE connection: in the calling thread's
 * namespace or inside another one (switch, socket(2)+bind(2), switch back,
 * all synchronous; the socket keeps talking to that namespace), or over a
 * given transport (replay, recording, tests). Used by openRtnl, the sandbox
 * manager and the CLI.
 *
 *   const conn = openConnection({ netns: "blue", timeoutMs: 5000 });
 */
import { NetnsHandle } from "../netns/handle.ts";
import { DEFAULT_NETNS_BASE, resolveNetnsPath } from "../netns/names.ts";
import { openSocketInNetns } from "../netns/run.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { KernelTransport } from "../transport/kernel.ts";
import type { Transport } from "../transport/transport.ts";
import { NetlinkConnection, type ConnectionOptions } from "./connection.ts";

/** Where and how to open a connection (plus every {@link ConnectionOptions} field). */
export interface OpenOptions extends ConnectionOptions {
  /** Namespace to talk to: a handle, a name under `basePath` or a path. Default: the calling thread's. */
  netns?: NetnsHandle | string;
  /** Base directory for namespace names (default /run/netns). */
  basePath?: string;
  /** Receive buffer in bytes (SO_RCVBUFFORCE as root); larger buffers allow larger batch windows. */
  rcvbuf?: number;
  /** Use this transport instead of a kernel socket (replay, recording, tests). */
  transport?: Transport;
  /** Wrap the transport before the connection uses it (e.g. the CLI's -batch ACK batching). */
  wrap?: (t: Transport) => Transport;
}

/**
 * Open a {@link NetlinkConnection}. Bad options are rejected before any
 * syscall; the socket is closed again if the connection cannot be set up.
 */
export function openConnection(opts: OpenOptions = {}): NetlinkConnection {
  const { netns, basePath, rcvbuf, transport, wrap, ...connOpts } = opts;
  if (netns !== undefined && !(netns instanceof NetnsHandle)) {
    if (typeof netns !== "string") throw new TypeError(`netns: expected a namespace name, path or NetnsHandle, got ${typeof netns}`);
    resolveNetnsPath(netns, basePath ?? DEFAULT_NETNS_BASE, "netns");
  }
  let t = transport;
  if (t === undefined) {
    const sockOpts = rcvbuf === undefined ? {} : { rcvbuf };
    const sock = netns === undefined
      ? NetlinkSocket.open(0, sockOpts)
      : openSocketInNetns(netns, 0, sockOpts, basePath === undefined ? {} : { basePath });
    t = new KernelTransport(sock);
  }
  try {
    return new NetlinkConnection(wrap === undefined ? t : wrap(t), connOpts);
  } catch (e) {
    t.close();
    throw e;
  }
}
