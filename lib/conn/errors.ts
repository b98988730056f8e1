/**
 * Errors of the request engine: the kernel refused a request
 * (NetlinkError, with the extended ACK), a dump kept being interrupted
 * (DumpInterruptedError), or no answer came in time (NetlinkTimeoutError).
 */
import type { ExtAck } from "../../codecs/core/ack.ts";
import { messageTypeName } from "../../codecs/rtnetlink.ts";
import { errnoMessage, errnoName } from "../sys/errno.ts";

/** The request a NetlinkError answers. */
export interface RequestRef {
  type: number;
  /** e.g. "RTM_NEWROUTE" */
  typeName: string;
  seq: number;
  /** Position in a batch, when the request was part of one. */
  index?: number;
}

/**
 * The kernel answered a request with a negative error. `code` is the errno
 * name ("EEXIST"), `extack` the extended ACK (the kernel's own message in
 * `extack.msg`, the offending attribute's byte offset in `extack.offset`),
 * `request` the refused request (type, seq, and its index in a batch). The
 * message reads "RTM_NEWLINK: EOPNOTSUPP (Operation not supported): Unknown
 * device type", with "(batch request N)" after the type in batches.
 * `subject`, when given, names what the request was about and leads the
 * message: 'link: no link named "eth9": RTM_GETLINK: ENODEV (No such device)'.
 */
export class NetlinkError extends Error {
  override readonly name = "NetlinkError";
  readonly code: string;
  constructor(
    readonly errno: number,
    readonly extack: ExtAck,
    readonly request: RequestRef,
    readonly subject?: string,
  ) {
    const code = errnoName(errno);
    const kernel = extack.msg ? `: ${extack.msg}` : "";
    const where = request.index === undefined ? request.typeName : `${request.typeName} (batch request ${request.index})`;
    super(`${subject === undefined ? "" : `${subject}: `}${where}: ${code} (${errnoMessage(errno)})${kernel}`);
    this.code = code;
  }
}

/**
 * Run `fn`; a NetlinkError with errno name `code` that it throws is thrown
 * again with `subject` leading its message (errno, extack and request kept).
 */
export function withSubject<T>(code: string, subject: string | (() => string), fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw subjectError(e, code, subject);
  }
}

/**
 * What {@link withSubject} throws for a caught `e`: a NetlinkError with
 * errno name `code` and no subject yet, again with `subject` leading its
 * message; anything else unchanged. For hot paths that catch themselves
 * and so make no closure per call.
 */
export function subjectError(e: unknown, code: string, subject: string | (() => string)): unknown {
  if (e instanceof NetlinkError && e.code === code && e.subject === undefined) {
    return new NetlinkError(e.errno, e.extack, e.request, typeof subject === "function" ? subject() : subject);
  }
  return e;
}

/** Build a RequestRef for a message type and sequence number. */
export function requestRef(type: number, seq: number, index?: number): RequestRef {
  const r: RequestRef = { type, typeName: messageTypeName(type), seq };
  if (index !== undefined) r.index = index;
  return r;
}

/**
 * A dump stayed inconsistent (NLM_F_DUMP_INTR) through every retry.
 * `partial` holds what the last attempt returned; it may mix old and new state.
 */
export class DumpInterruptedError<T = unknown> extends Error {
  override readonly name = "DumpInterruptedError";
  constructor(readonly request: RequestRef, readonly attempts: number, readonly partial: T[]) {
    super(`${request.typeName} dump was interrupted by concurrent changes ${attempts} times (NLM_F_DUMP_INTR); ${partial.length} possibly inconsistent results attached`);
  }
}

/** No answer to a request within the connection's timeout; the connection stays usable. */
export class NetlinkTimeoutError extends Error {
  override readonly name = "NetlinkTimeoutError";
  readonly code = "ETIMEDOUT";
  constructor(readonly request: RequestRef, readonly timeoutMs: number) {
    super(`${request.typeName}: no answer from the kernel within ${timeoutMs} ms`);
  }
}

/** Thrown when the connection (its transport) was closed before the call. */
export class ConnectionClosedError extends Error {
  override readonly name = "ConnectionClosedError";
  constructor(what: string) {
    super(`${what}: the netlink connection is closed`);
  }
}
