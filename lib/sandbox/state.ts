/**
 * The in-memory record of one sandbox (osl's Namespace struct) shared by
 * the files that implement its operations. Internal: the public surface
 * is the Sandbox class.
 */
import type { HostLink } from "./host-link.ts";
import type { SandboxLogger } from "./logger.ts";
import type { SandboxNetlink } from "./netlink.ts";
import type { SandboxOs } from "./os.ts";
import type { InterfaceSysctl } from "./sysctl.ts";
import type { SandboxInterface, SandboxNeighbour, StaticRoute } from "./types.ts";

/** An interface record plus its parsed sysctls. */
export interface IfaceRecord extends SandboxInterface {
  parsedSysctls: InterfaceSysctl[];
}

/** Everything a sandbox knows. */
export interface SandboxState {
  /** The key: path of the namespace file. */
  readonly path: string;
  /** True when the sandbox is the host (default) namespace itself (osCreate=false). */
  readonly isDefault: boolean;
  /** Namespace file of the host namespace links come from and return to. */
  readonly hostPath: string;
  readonly os: SandboxOs;
  readonly log: SandboxLogger;
  /** Netlink in the sandbox. */
  readonly nl: SandboxNetlink;
  /** Netlink in the host namespace (opened on first use, shared with the manager; released by destroy). */
  readonly host: HostLink;
  ifaces: IfaceRecord[];
  gw?: string;
  gw6?: string;
  staticRoutes: StaticRoute[];
  neighbours: SandboxNeighbour[];
  loV6Enabled: boolean;
  defRoute4SrcName?: string;
  defRoute6SrcName?: string;
}

/** A public copy of an interface record. */
export function publicInterface(r: IfaceRecord): SandboxInterface {
  const { parsedSysctls: _p, ...rest } = r;
  return { ...rest, linkLocalAddresses: [...r.linkLocalAddresses], routes: [...r.routes], sysctls: [...r.sysctls] };
}

/** osl findDst: dstName of the interface with `srcName` (a bridge when `isBridge`), or undefined. */
export function findDst(st: SandboxState, srcName: string, isBridge: boolean): string | undefined {
  return st.ifaces.find((i) => i.srcName === srcName && (!isBridge || i.bridge))?.dstName;
}
