/**
 * The first thing `monitor` does (cli/monitor-early.ts), as ip's rtnl_open
 * is its first act: a NETLINK_ROUTE socket, opened inside the -n namespace,
 * bound and joined to the monitor's groups, before the rest of the program
 * (lib/sys/libc.ts with its ~30 symbols, lib/conn, the codecs) loads.
 * Binds only the six libc symbols it calls and imports nothing but
 * constants, so the join follows the runtime's start by about one dlopen.
 * From the join on, the kernel queues every event in the socket's receive
 * buffer; the monitor adopts the fd later (NetlinkSocket.adopt).
 */
import { dlopen } from "bun:ffi";
import {
  AF_NETLINK,
  CLONE_NEWNET,
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_ROUTE,
  O_CLOEXEC,
  O_RDONLY,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_RAW,
  SOCKADDR_NL_SIZE,
  SOL_NETLINK,
  SOL_SOCKET,
} from "./constants.ts";
import { libcCandidates, openLibc } from "./libc-names.ts";

const THREAD_NETNS = "/proc/thread-self/ns/net";

/** `s` as a NUL-terminated UTF-8 C string. */
function cPath(s: string): Uint8Array {
  return new TextEncoder().encode(`${s}\0`);
}

/**
 * Open a NETLINK_ROUTE socket in the network namespace at `nsPath` (the
 * calling thread's own when undefined; the thread is switched back at
 * once), set its receive buffer to `rcvbuf` bytes (SO_RCVBUFFORCE, else
 * SO_RCVBUF), bind it (the kernel picks the port id) and join each of
 * `groups` (NETLINK_ADD_MEMBERSHIP). Returns the fd, or undefined when a
 * step fails: then nothing stays open and the caller's normal path reports
 * the cause. Throws only when the thread cannot return to its namespace.
 */
export function openJoinedRouteSocket(nsPath: string | undefined, groups: readonly number[], rcvbuf: number): number | undefined {
  if (nsPath !== undefined && (nsPath.length === 0 || nsPath.includes("\0"))) return undefined;
  const c = openLibc(libcCandidates(), (name) =>
    dlopen(name, {
      open: { args: ["ptr", "i32", "u32"], returns: "i32" },
      setns: { args: ["i32", "i32"], returns: "i32" },
      socket: { args: ["i32", "i32", "i32"], returns: "i32" },
      setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" },
      bind: { args: ["i32", "ptr", "u32"], returns: "i32" },
      close: { args: ["i32"], returns: "i32" },
    }),
  ).symbols;
  let saved = -1;
  if (nsPath !== undefined) {
    const target = c.open(cPath(nsPath), O_RDONLY | O_CLOEXEC, 0);
    if (target < 0) return undefined;
    saved = c.open(cPath(THREAD_NETNS), O_RDONLY | O_CLOEXEC, 0);
    const entered = saved >= 0 && c.setns(target, CLONE_NEWNET) === 0;
    c.close(target);
    if (!entered) {
      if (saved >= 0) c.close(saved);
      return undefined;
    }
  }
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (saved >= 0) {
    const back = c.setns(saved, CLONE_NEWNET);
    c.close(saved);
    if (back !== 0) {
      if (fd >= 0) c.close(fd);
      throw new Error("bun-netlink monitor: cannot return to the previous network namespace (setns failed)");
    }
  }
  if (fd < 0) return undefined;
  const int = new Int32Array([rcvbuf]);
  if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, int, 4) !== 0) c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, int, 4);
  // struct sockaddr_nl { u16 family; u16 pad; u32 pid = 0 (kernel assigns); u32 groups = 0 }
  const addr = new Uint8Array(SOCKADDR_NL_SIZE);
  new DataView(addr.buffer).setUint16(0, AF_NETLINK, true);
  let ok = c.bind(fd, addr, SOCKADDR_NL_SIZE) === 0;
  for (const g of groups) {
    if (!ok) break;
    int[0] = g;
    ok = c.setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, int, 4) === 0;
  }
  if (!ok) {
    c.close(fd);
    return undefined;
  }
  return fd;
}
