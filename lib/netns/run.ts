/**
 * Running synchronous code inside a network namespace: setns(2) on the JS
 * thread, run, setns back in `finally`. Only synchronous work is allowed while
 * switched: an `await` would let unrelated code run in the wrong namespace.
 */
import { NetlinkSocket, type NetlinkSocketOptions } from "../sys/netlink-socket.ts";
import { CLONE_NEWNET } from "../sys/constants.ts";
import { setns } from "../sys/ns.ts";
import { checkIntRange } from "../sys/sockopt.ts";
import { NetnsHandle, type NetnsOpenOptions } from "./handle.ts";
import { whileSwitched } from "./manage.ts";

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

// The constructors of async, generator and async generator functions (also of bound ones).
const AsyncFunction = (async () => {}).constructor;
const GeneratorFunction = function* () {}.constructor;
const AsyncGeneratorFunction = async function* () {}.constructor;

/** What kind of non-synchronous function `fn` is, or undefined for a plain one. */
function asyncKind(fn: Function): string | undefined {
  if (fn instanceof AsyncGeneratorFunction) return "an async generator function";
  if (fn instanceof AsyncFunction) return "an async function";
  if (fn instanceof GeneratorFunction) return "a generator function";
  return undefined;
}

/** The TypeError of runInNetns for a fn that returned a thenable; `result` is that thenable. */
export class NetnsAsyncError extends TypeError {
  /** The thenable fn returned (its rejection is handled, so it is never an unhandled rejection). */
  readonly result: PromiseLike<unknown>;
  constructor(result: PromiseLike<unknown>) {
    super(
      "runInNetns: fn returned a Promise/thenable; only synchronous functions may run inside a namespace " +
        "(whatever it does after an await would run in the caller's namespace). The namespace was restored.",
    );
    this.name = "TypeError";
    this.result = result;
  }
}

/**
 * Run `fn` with the calling thread switched into `ns` (a handle, a name under
 * /run/netns or `opts.basePath`, or a path), and switch back to the previous
 * namespace in `finally`, also when `fn` throws. Returns what `fn` returns.
 * Nested calls work (each level restores its own previous namespace).
 *
 * The rule: only synchronous work runs inside a namespace (setns(2) moves the
 * thread, and anything after an `await` runs whenever the event loop gets to
 * it, in whatever namespace the thread is in then).
 * - async, generator and async generator functions are refused with a
 *   TypeError BEFORE anything is opened or called, so none of their code runs;
 * - a plain function that returns a thenable (e.g. `() => somethingAsync()`)
 *   has done its synchronous part inside the namespace; runInNetns restores
 *   the namespace and throws a {@link NetnsAsyncError} (a TypeError carrying
 *   the thenable as `result`, its rejection handled). Whatever that thenable
 *   still does runs outside the namespace: do not hand such functions over.
 *
 * When the switch into `ns` fails (EPERM without CAP_SYS_ADMIN, a file that is
 * not a namespace) that error is thrown as is: the thread never moved, so
 * nothing is restored.
 */
export function runInNetns<T>(ns: NetnsHandle | string, fn: () => T, opts: NetnsOpenOptions = {}): T {
  if (typeof fn !== "function") throw new TypeError("fn must be a function");
  const kind = asyncKind(fn);
  if (kind !== undefined) {
    throw new TypeError(`runInNetns: fn is ${kind}; only synchronous functions may run inside a namespace (nothing was run)`);
  }
  if (!(ns instanceof NetnsHandle) && typeof ns !== "string") {
    throw new TypeError("ns must be a NetnsHandle, a namespace name or a path");
  }
  const owned = typeof ns === "string" ? NetnsHandle.open(ns, opts) : undefined;
  const target = owned ?? (ns as NetnsHandle);
  let result: T;
  try {
    const targetFd = target.fd; // throws if the handle is closed, before switching
    result = whileSwitched(() => setns(targetFd, CLONE_NEWNET, target.path), fn);
  } finally {
    owned?.close();
  }
  if (isThenable(result)) {
    Promise.resolve(result).catch(() => {});
    throw new NetnsAsyncError(result);
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
