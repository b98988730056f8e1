/**
 * Public records of the sandbox manager: interface options and the
 * interface record (osl's Interface and IfaceOption), static routes
 * (types.StaticRoute), neighbour options (NeighOption). Plain JSON.
 */

/** Options of addInterface (osl WithIsBridge, WithMaster, WithMACAddress, WithIPv4Address, ...). */
export interface InterfaceOptions {
  /** Create a bridge named srcName inside the sandbox instead of moving a host link. */
  bridge?: boolean;
  /** srcName of a bridge added earlier to this sandbox; the link is enslaved to it. */
  master?: string;
  /** MAC address to set ("02:42:c0:00:02:0a"). */
  mac?: string;
  /** IPv4 address with prefix ("192.0.2.10/24"). */
  address?: string;
  /** IPv6 address with prefix ("2001:db8::10/64"), added with IFA_F_NODAD; IPv6 is enabled on the link only with it. */
  addressIPv6?: string;
  /** Extra (link-local) addresses ("169.254.1.1/16", "fe80::10/64"). */
  linkLocalAddresses?: string[];
  /** Connected routes through the link ("198.51.100.0/24", sent as given: the kernel judges host bits); a default destination is only used by setDefaultRoute*. */
  routes?: string[];
  /** Per-interface sysctls "net.X.Y.IFNAME.Z=value", IFNAME standing for the link. */
  sysctls?: string[];
}

/** An interface of a sandbox (what osl's Interface getters return). */
export interface SandboxInterface {
  /** Name in the host namespace (and the bridge's name for a bridge). */
  srcName: string;
  /** Name inside the sandbox: dstPrefix + index, or srcName in a default-namespace sandbox. */
  dstName: string;
  dstPrefix: string;
  bridge: boolean;
  /** srcName of the master bridge, and its name inside the sandbox. */
  master?: string;
  dstMaster?: string;
  mac?: string;
  address?: string;
  addressIPv6?: string;
  linkLocalAddresses: string[];
  routes: string[];
  sysctls: string[];
}

/** A route to `destination` via `nextHop` (osl types.StaticRoute). */
export interface StaticRoute {
  /** "net/len". */
  destination: string;
  /** Gateway address of the same family. */
  nextHop: string;
}

/** Options of addNeighbour (osl WithLinkName, WithFamily). */
export interface NeighbourOptions {
  /** srcName of the sandbox interface the entry is on (required: the kernel needs a device). */
  linkName?: string;
  /** "bridge" for an FDB entry (AF_BRIDGE, NTF_SELF) as the overlay driver uses; default: from the IP. */
  family?: "inet" | "inet6" | "bridge";
  /** Program the kernel even when the entry is already recorded (a miss notification). */
  force?: boolean;
}

/** A neighbour entry recorded by a sandbox. */
export interface SandboxNeighbour {
  ip: string;
  mac: string;
  linkName: string;
  /** Interface name inside the sandbox. */
  linkDst: string;
  family?: "inet" | "inet6" | "bridge";
}

/** An interface to rebuild by restore() (osl's map[Iface][]IfaceOption). */
export interface RestoreInterface {
  srcName: string;
  dstPrefix: string;
  options?: InterfaceOptions;
}
