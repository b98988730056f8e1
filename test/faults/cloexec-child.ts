/**
 * Child of cloexec.test.ts: `bun cloexec-child.ts NETNS`. Opens every kind
 * of descriptor the library creates (a plain netlink socket, a connection
 * and a subscription and a watch inside NETNS, a namespace handle), plus one
 * control fd deliberately opened WITHOUT O_CLOEXEC, prints its fd table as
 * one JSON line, then execvp(3)s `sleep` from the JS thread. The parent then
 * reads /proc/PID/fd of the sleeping child: only descriptors without
 * FD_CLOEXEC survived the exec.
 */
import { readdirSync, readlinkSync, writeSync } from "node:fs";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { watch } from "../../lib/monitor/watch.ts";
import { NetnsHandle } from "../../lib/netns/handle.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { O_RDONLY } from "../../lib/sys/constants.ts";
import { execvp, resetProcessForExec } from "../../lib/sys/exec.ts";
import { NetlinkSocket } from "../../lib/sys/netlink-socket.ts";
import { openPath } from "../../lib/sys/ns.ts";

const ns = process.argv[2]!;
const sock = NetlinkSocket.open(0);
const nl = openRtnl({ netns: ns });
const handle = NetnsHandle.open(ns);
const sub = subscribe({ netns: ns });
const w = watch({ netns: ns });
await Promise.all([sub.ready, w.ready]);
const control = openPath("/etc/hostname", O_RDONLY); // no O_CLOEXEC: must survive the exec
const fds: Record<string, string> = {};
for (const fd of readdirSync("/proc/self/fd")) {
  try {
    fds[fd] = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    // the directory's own fd
  }
}
writeSync(1, JSON.stringify({ control, fds, held: [sock.fd, handle.fd, nl.conn.portId] }) + "\n");
resetProcessForExec();
execvp("sleep", ["sleep", "30"]);
