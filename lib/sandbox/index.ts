/**
 * lib/sandbox: network sandboxes in the style of Docker libnetwork's osl
 * package — keys under a base path, namespaces created/restored/destroyed
 * with a garbage collector, interfaces moved in and configured, gateways,
 * static routes, neighbours and sysctls, all on this library's netlink.
 */
export { SandboxManager, DEFAULT_HOST_NETNS, DEFAULT_NETLINK_TIMEOUT_MS, type CreateOptions, type SandboxManagerOptions } from "./manager.ts";
export { Sandbox } from "./sandbox.ts";
export { NeighbourExistsError, NeighbourNotFoundError, NeighbourSearchError, SandboxDestroyedError } from "./errors.ts";
export { DEFAULT_GC_PERIOD_MS } from "./gc.ts";
export { KEY_ID_LENGTH } from "./keys.ts";
export { MemoryLogger, makeLogger, silentLogger, type LogFields, type SandboxLogger } from "./logger.ts";
export { kernelOs, type NetnsRef, type PathKind, type SandboxOs } from "./os.ts";
export type { InterfaceStatistics, NlLink, NlNeighbourSpec, NlRoute, NlRouteSpec, SandboxNetlink } from "./netlink.ts";
export { RtnlNetlink, rtnlNetlink } from "./netlink-rtnl.ts";
export { IPVS_TWEAKS, type SandboxType } from "./sysctl.ts";
export type { InterfaceOptions, NeighbourOptions, RestoreInterface, SandboxInterface, SandboxNeighbour, StaticRoute } from "./types.ts";
