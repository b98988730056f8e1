/**
 * lib/netns: network-namespace primitives over lib/sys — handles, create /
 * delete / list (iproute2-compatible /run/netns), run synchronous code or open
 * sockets inside a namespace, and run programs inside one (`ip netns exec`).
 */
export {
  DEFAULT_NETNS_BASE,
  NETNS_ETC_DIR,
  THREAD_NETNS_PATH,
  resolveNetnsPath,
  validateNetnsName,
} from "./names.ts";
export { NetnsHandle, type NetnsOpenOptions, currentNetnsId, netnsIdOfPath, sameNetns } from "./handle.ts";
export { type NetnsBaseOptions, attachNetns, createNetns, deleteNetns, ensureNetnsBase, listNetns } from "./manage.ts";
export { NetnsAsyncError, openSocketInNetns, runInNetns } from "./run.ts";
export { type ExecInNetnsOptions, type ExecInNetnsResult, execInNetns, execInNetnsAsync } from "./exec.ts";
