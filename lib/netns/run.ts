/**
 * Running synchronous code inside a network namespace: setns(2) on the JS
 * thread, run, setns back in `finally`. Only synchronous work is allowed while
 * switched: an `await` would let unrelated code run in the wrong namespace.
 */
import { NetlinkSocket, type NetlinkSocketOptions } from "../sys/netlink-socket.ts";
import { CLONE_NEWNET } from "../sys/constants.ts";
import { openPath, setns } from "../sys/ns.ts";
import { checkIntRange } from "../sys/sockopt.ts";
import { NetnsHandle, type NetnsOpenOptions } from "./handle.ts";
import { restoreNetns } from "./manage.ts";
import { THREAD_NETNS_PATH } from "./names.ts";

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

/**
 * Run `fn` with the calling thread switched into `ns` (a handle, a name under
 * /run/netns or `opts.basePath`, or a path), and switch back to the previous
 * namespace in `finally`, also when `fn` throws. Returns what `fn` returns.
 * Nested calls work (each level restores its own previous namespace).
 *
 * `fn` must be synchronous: if it returns a Promise/thenable, the namespace is
 * restored and a TypeError is thrown (the thenable's rejection is swallowed so
 * it does not surface as an unhandled rejection).
 */
export function runInNetns<T>(ns: NetnsHandle | string, fn: () => T, opts: NetnsOpenOptions = {}): T {
  if (typeof fn !== "function") throw new TypeError("fn must be a function");
  if (!(ns instanceof NetnsHandle) && typeof ns !== "string") {
    throw new TypeError("ns must be a NetnsHandle, a namespace name or a path");
  }
  const owned = typeof ns === "string" ? NetnsHandle.open(ns, opts) : undefined;
  const target = owned ?? (ns as NetnsHandle);
  let result: T;
  try {
    const targetFd = target.fd; // throws if the handle is closed, before switching
    const saved = openPath(THREAD_NETNS_PATH);
    try {
      setns(targetFd, CLONE_NEWNET, target.path);
      result = fn();
    } finally {
      restoreNetns(saved);
    }
  } finally {
    owned?.close();
  }
  if (isThenable(result)) {
    Promise.resolve(result).catch(() => {});
    throw new TypeError(
      "runInNetns: fn returned a Promise; only synchronous functions may run inside a namespace " +
        "(an await would run other code in the wrong namespace). The namespace was restored.",
    );
  }
  return result;
}

/**
 * Open a {@link NetlinkSocket} that lives in `ns`: switch, socket(2)+bind(2),
 * switch back. The socket keeps talking to that namespace afterwards.
 */
export function openSocketInNetns(
  ns: NetnsHandle | string,
  protocol: number,
  opts?: NetlinkSocketOptions,
  nsOpts: NetnsOpenOptions = {},
): NetlinkSocket {
  // the socket's arguments are checked before the namespace is opened, so bad input makes no syscall
  checkIntRange(protocol, "protocol", 0, 31);
  for (const k of ["rcvbuf", "sndbuf"] as const) if (opts?.[k] !== undefined) checkIntRange(opts[k], k, 1, 0x7fffffff);
  if (opts?.groups !== undefined) checkIntRange(opts.groups, "groups", 0, 0xffffffff);
  return runInNetns(ns, () => NetlinkSocket.open(protocol, opts), nsOpts);
}
