/**
 * Options shared by {@link subscribe} and {@link watch}, checked before any
 * syscall: each bad value throws a TypeError/RangeError naming the option.
 */
import { NetnsHandle } from "../netns/handle.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { resolveNetnsPath } from "../netns/names.ts";
import { describe, resolveGroups, type MonitorFamily, type MonitorGroup } from "./groups.ts";

/** Options of a subscription. */
export interface SubscribeOptions {
  /** Object families to receive (default: all of link, address, route, neighbour, rule, nsid, nexthop, qdisc, class, filter, action). */
  families?: MonitorFamily[];
  /** Individual groups (e.g. only "ipv6-route"); joined in addition to `families` when both are given. */
  groups?: MonitorGroup[];
  /** Namespace to listen in: a name under /run/netns, a path, or an open handle (default: the caller's). */
  netns?: string | NetnsHandle;
  /** Ends the iteration (cleanly, `done: true`) and closes the socket when aborted. */
  signal?: AbortSignal;
  /** Socket receive buffer in bytes (SO_RCVBUFFORCE, or SO_RCVBUF without CAP_NET_ADMIN); default: the kernel's. */
  receiveBuffer?: number;
  /** Events buffered for a slow consumer before they are dropped for an overrun event (default 65536). */
  maxQueue?: number;
  /**
   * An open NETLINK_ROUTE socket that has already joined the groups (e.g.
   * at program start, before anything else loads); the subscription takes
   * it over and closes it. `netns` and `receiveBuffer` are then the caller's
   * business (the socket already lives where it was opened).
   */
  socket?: NetlinkSocket;
}

/** Validated subscription options. */
export interface CheckedOptions {
  groups: number[];
  /** A name/path to open, or the caller's handle, or null for the current namespace. */
  netns: string | NetnsHandle | null;
  signal: AbortSignal | null;
  receiveBuffer: number | null;
  maxQueue: number;
  socket: NetlinkSocket | null;
}

const KNOWN = new Set(["families", "groups", "netns", "signal", "receiveBuffer", "maxQueue", "socket"]);

function checkInt(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${describe(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** Validate `netns`: a name (no "/"), a path, or an open NetnsHandle. */
export function checkNetns(v: unknown, field = "netns"): string | NetnsHandle | null {
  if (v === undefined) return null;
  if (v instanceof NetnsHandle) {
    if (v.closed) throw new TypeError(`${field}: the NetnsHandle is closed`);
    return v;
  }
  if (typeof v !== "string") throw new TypeError(`${field}: expected a namespace name, path or NetnsHandle, got ${describe(v)}`);
  resolveNetnsPath(v, undefined, field);
  return v;
}

/** Validate subscription options, `extra` naming option keys a caller (watch) adds. */
export function checkSubscribeOptions(opts: unknown, extra: readonly string[] = []): CheckedOptions {
  if (opts === undefined) opts = {};
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new TypeError(`options: expected an object, got ${describe(opts)}`);
  const o = opts as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k) && !extra.includes(k)) throw new TypeError(`options.${k}: unknown option`);
  }
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`signal: expected an AbortSignal, got ${describe(signal)}`);
  return {
    groups: resolveGroups(o.families, o.groups),
    netns: checkNetns(o.netns),
    signal: (signal as AbortSignal | undefined) ?? null,
    receiveBuffer: o.receiveBuffer === undefined ? null : checkInt(o.receiveBuffer, "receiveBuffer", 4096, 0x7fffffff),
    maxQueue: o.maxQueue === undefined ? 65536 : checkInt(o.maxQueue, "maxQueue", 1, 0x7fffffff),
    socket: checkSocket(o.socket),
  };
}

function checkSocket(v: unknown): NetlinkSocket | null {
  if (v === undefined) return null;
  if (!(v instanceof NetlinkSocket)) throw new TypeError(`socket: expected a NetlinkSocket, got ${describe(v)}`);
  if (v.closed) throw new TypeError("socket: the NetlinkSocket is closed");
  return v;
}
