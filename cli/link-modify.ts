/**
 * `ip link add|set|delete` (ip/iplink.c iplink_parse and the kind parsers
 * of iproute2 6.1 for veth, bridge, macvlan/macvtap, vxlan, ifb and other
 * option-less kinds; vlan, ipvlan, bond, vrf, the tunnels and geneve in
 * link-kinds-add.ts) on the library's LinkApi.
 */
import { AddressLengthError, LinkApi, type LinkAddSpec, type LinkSetSpec } from "../lib/rtnl/link/api.ts";
import { Args, matches, unsignedArg } from "./args.ts";
import { parseGeneric, type Generic } from "./link-parse.ts";
import { parseBridgeSlave } from "./link-bridge-slave.ts";
import { parseVxlan } from "./link-vxlan.ts";
import { parseBridge } from "./link-bridge.ts";
import type { Ctx } from "./context.ts";
import { CliError, invarg, isNetlinkError, kernelError, nodev, strerror } from "./errors.ts";
import { bpfClose, bpfObjGet } from "../lib/sys/bpf.ts";
import { kindHelp, kindWord, unparsedKindArgs } from "./link-help.ts";
import { LINK_KINDS_NO_OPTIONS, LINK_UTIL_KINDS } from "./link-help-texts.ts";
import { ADD_KINDS, addKindData } from "./link-kinds-add.ts";
import type { LinkNames } from "./link-names.ts";


/** Kind arguments after `type KIND` (ip/iplink_<kind>.c); `setOp`: for `ip link set` (ip's set_op: no "missing" warnings). */
function kindData(ctx: Ctx, kind: string, argv: string[], names: LinkNames, spec: LinkAddSpec, setOp = false): void {
  const a = new Args(argv);
  if (kind === "veth") {
    if (a.done) return;
    const w = a.word();
    if (w !== "peer") throw kindHelp(ctx, "veth"); // veth_parse_opt: usage() on stdout, return -1
    const g = parseGeneric(a.rest(), true);
    const peerName = g.name ?? g.dev;
    spec.peer = {};
    if (peerName !== undefined) spec.peer.name = peerName; // else the kernel names the peer
    if (g.address !== undefined) spec.peer.address = g.address;
    if (g.mtu !== undefined) spec.peer.mtu = g.mtu;
    if (g.netns !== undefined) spec.peer.netns = g.netns;
    // iplink_parse for the peer: its own ifinfomsg flags and attributes
    if (g.txqlen !== undefined) spec.peer.txqlen = g.txqlen;
    if (g.numTxQueues !== undefined) spec.peer.numTxQueues = g.numTxQueues;
    if (g.numRxQueues !== undefined) spec.peer.numRxQueues = g.numRxQueues;
    if (g.group !== undefined) spec.peer.group = g.group;
    if (g.up) spec.peer.up = true;
    Object.assign(spec.peer, g.settings);
    return;
  }
  if (kind === "bridge") {
    const d = parseBridge(ctx, argv);
    if (d !== undefined) spec.data = d;
    return;
  }

  if (kind === "macvlan" || kind === "macvtap") {
    const d: Record<string, unknown> = {};
    const flags: string[] = [];
    while (!a.done) {
      const w = a.word();
      if (w === "mode") {
        const v = a.value();
        if (!["private", "vepa", "bridge", "passthru", "source"].includes(v)) throw new CliError(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source"\n`, 255, true);
        d.mode = v;
      } else if (w === "nopromisc") flags.push("nopromisc");
      else if (w === "nodst") flags.push("nodst");
      else if (w === "bcqueuelen") d.bcQueueLen = unsignedArg(a.value(), 'Invalid "bcqueuelen" value\n');
      else throw kindWord(ctx, kind, w, `${kind}: unknown option "${w}"?`);
    }
    if (flags.includes("nopromisc") && d.mode !== "passthru") {
      throw kindHelp(ctx, kind, `${kind}: nopromisc flag only valid in passthru mode\n`);
    }
    if (flags.length) d.flags = flags;
    if (Object.keys(d).length) spec.data = d as LinkAddSpec["data"];
    return;
  }
  if (kind === "vxlan") return parseVxlan(ctx, argv, names, spec, setOp);
  if (ADD_KINDS.has(kind)) return addKindData(ctx, kind, argv, names, spec);
  if (kind === "vxcan" && argv[0] !== undefined && argv[0] !== "peer") throw kindHelp(ctx, "vxcan"); // as veth_parse_opt
  if (!a.done && unparsedKindArgs(ctx, kind, argv) === undefined) throw new CliError(`bun-netlink: options of link type "${kind}" are not supported: ${a.rest().join(" ")}\n`, 1, false);
}

/** The master of `master NAME` or `vrf NAME` (which must name a VRF), as ip resolves them. */
function masterOf(ctx: Ctx, g: Generic, names: LinkNames): number | undefined {
  if (g.vrf !== undefined) {
    const i = names.indexOf(g.vrf);
    if (!i || new LinkApi(ctx.conn).get(i).kind !== "vrf") throw invarg("Not a valid VRF name\n", g.vrf);
    return i;
  }
  if (g.master === undefined || g.master === null) return undefined;
  const i = names.indexOf(g.master);
  if (!i) throw invarg("Device does not exist\n", g.master);
  return i;
}

/** `xdp pinned PATH`: the program's fd in the settings (closed by the caller), or ip's error. */
function openPinnedXdp(g: Generic): number | undefined {
  if (g.xdpPinned === undefined) return undefined;
  let fd: number;
  try {
    fd = bpfObjGet(g.xdpPinned);
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    throw new CliError(`Couldn't retrieve pinned program '${g.xdpPinned}': ${errno !== undefined ? strerror(errno) : (e as Error).message}\n`, 255, true);
  }
  g.settings.xdp = { ...(g.settings.xdp ?? {}), fd };
  return fd;
}

/** Run `fn` with the pinned XDP program (if any) open. */
function withXdp<T>(g: Generic, fn: () => T): T {
  const fd = openPinnedXdp(g);
  try {
    return fn();
  } finally {
    if (fd !== undefined) bpfClose(fd);
  }
}

/** `ip link add`. */
export function add(ctx: Ctx, argv: string[], mode: "add" | "replace"): number {
  if (mode === "replace") throw new CliError('bun-netlink: "ip link replace" is not supported\n', 1, false);
  const names = ctx.names;
  const g = parseGeneric(argv, true, ctx.opts.force);
  if (g.name !== undefined && g.dev !== undefined && g.name !== g.dev) {
    throw new CliError('both "name" and "dev" cannot be used when creating devices.\n', 255, true);
  }
  const name = g.name ?? g.dev;
  if (name === undefined && g.group !== undefined) throw groupWithoutDev(g, true);
  if (g.type === undefined) throw new CliError('Not enough information: "type" argument is required\n', 1, false);
  const spec: LinkAddSpec = { kind: g.type };
  if (name !== undefined) spec.name = name; // else the kernel names it, as with ip
  if (g.mtu !== undefined) spec.mtu = g.mtu;
  if (g.address !== undefined) spec.address = g.address;
  if (g.txqlen !== undefined) spec.txqlen = g.txqlen;
  if (g.group !== undefined) spec.group = g.group;
  if (g.alias !== undefined) spec.alias = g.alias;
  if (g.up) spec.up = true;
  if (g.numTxQueues !== undefined) spec.numTxQueues = g.numTxQueues;
  if (g.numRxQueues !== undefined) spec.numRxQueues = g.numRxQueues;
  if (g.netns !== undefined) spec.netns = g.netns;
  if (g.index !== undefined) spec.index = g.index;
  const master = masterOf(ctx, g, names);
  if (master !== undefined) spec.master = master;
  Object.assign(spec, g.settings);
  if (g.link !== undefined) {
    const i = names.indexOf(g.link);
    if (!i) throw nodev(g.link);
    spec.link = i;
  }
  kindData(ctx, g.type, g.typeArgs, names, spec);
  try {
    withXdp(g, () => new LinkApi(ctx.conn, { checks: "kernel" }).add({ ...spec, ...(g.settings.xdp ? { xdp: g.settings.xdp } : {}) }, { echo: false }));
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

/** `ip link set`. */
export function set(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const g = parseGeneric(argv, false, ctx.opts.force);
  if (g.index !== undefined && g.netns === undefined) {
    throw new CliError("index can be used only when creating devices or when moving device to another netns.\n", 255, true);
  }
  if (g.dev === undefined && g.group !== undefined) return setGroup(ctx, g);
  if (g.dev === undefined) {
    throw new CliError('Not enough information: "dev" argument is required.\n', 255, true);
  }
  if (g.type !== undefined) {
    // ip parses the kind's options as for add: `help` answers with the kind's help
    const w = g.typeArgs[0];
    if (w !== undefined && matches(w, "help") && LINK_UTIL_KINDS.has(g.type) && !LINK_KINDS_NO_OPTIONS.has(g.type)) {
      throw kindWord(ctx, g.type, w, null);
    }
  }
  const index = names.indexOf(g.dev);
  if (!index) throw nodev(g.dev);
  const ch: LinkSetSpec = {};
  // bridge_slave: the port's options, for its bridge's slave_changelink (IFLA_INFO_SLAVE_DATA)
  if (g.type === "bridge_slave") ch.port = parseBridgeSlave(ctx, g.typeArgs, names);
  else if (g.type !== undefined) {
    // iplink_modify with RTM_NEWLINK and no NLM_F_CREATE: IFLA_LINKINFO { KIND, DATA } for the kind's changelink
    const kindSpec: LinkAddSpec = { kind: g.type };
    kindData(ctx, g.type, g.typeArgs, names, kindSpec, true);
    if (kindSpec.peer !== undefined) throw new CliError(`bun-netlink: "ip link set ... type ${g.type} peer" is not supported\n`, 1, false);
    // the kernel refuses options for a kind that is not the link's (rtnl_newlink: EOPNOTSUPP); LinkApi.set
    // uses the link's own kind (without options it sends IFLA_INFO_KIND alone, and the link's kind validates)
    const now = new LinkApi(ctx.conn).get(index);
    if (now.kind !== g.type && g.typeArgs.length > 0) throw new CliError("RTNETLINK answers: Operation not supported\n", 2, false);
    // without options and for another kind, ip's request carries that kind alone and its validate (with no
    // data) accepts it for most kinds: nothing of the kind is sent here
    if (now.kind !== undefined && now.kind === g.type) ch.data = kindSpec.data ?? {};
  }
  if (g.up !== undefined) ch.up = g.up;
  if (g.mtu !== undefined) ch.mtu = g.mtu;
  if (g.address !== undefined) ch.address = g.address;
  if (g.name !== undefined && g.name !== g.dev) ch.name = g.name; // iplink_parse: "Not renaming to the same name"
  if (g.txqlen !== undefined) ch.txqlen = g.txqlen;
  if (g.alias !== undefined) ch.alias = g.alias;
  if (g.group !== undefined) ch.group = g.group;
  if (g.netns !== undefined) ch.netns = g.netns;
  if (g.index !== undefined) ch.newIndex = g.index;
  if (g.carrier !== undefined) ch.carrier = g.carrier;
  if (g.master === null && g.vrf === undefined) ch.master = null;
  else {
    const master = masterOf(ctx, g, names);
    if (master !== undefined) ch.master = master;
  }
  Object.assign(ch, g.settings);
  if (Object.keys(ch).length === 0) return 0; // `ip link set DEV type KIND` alone, for a kind that is not the link's
  try {
    // ip checks the length only against a link that reports one (nl_get_ll_addr_len)
    withXdp(g, () => new LinkApi(ctx.conn, { addressLength: "iproute2", checks: "kernel" }).set(index, { ...ch, ...(g.settings.xdp ? { xdp: g.settings.xdp } : {}) }));
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    if (e instanceof AddressLengthError) throw new CliError(`Invalid address length ${e.length} - must be ${e.linkLength} bytes\n`, 1, false);
    throw e;
  }
  return 0;
}

/** iplink_parse's refusals of `group N` without a device: words after the kind, or a link to create. */
function groupWithoutDev(g: Generic, create: boolean): CliError {
  if (g.typeArgs.length > 0) return new CliError(`Garbage instead of arguments "${g.typeArgs[0]} ...". Try "ip link help".\n`, 255, true);
  if (create) return new CliError("group cannot be used when creating devices.\n", 255, true);
  return new CliError("", 255, true);
}

/**
 * `ip link set group N ...` without a device: iplink_parse keeps only the
 * generic changes (a kind is dropped) and the kernel applies them to every
 * link of the group (RTM_NEWLINK on index 0 with IFLA_GROUP).
 */
function setGroup(ctx: Ctx, g: Generic): number {
  if (g.typeArgs.length > 0) throw groupWithoutDev(g, false);
  const ch: LinkSetSpec = {};
  if (g.address !== undefined) ch.address = g.address;
  if (g.up !== undefined) ch.up = g.up;
  if (g.mtu !== undefined) ch.mtu = g.mtu;
  if (g.txqlen !== undefined) ch.txqlen = g.txqlen;
  if (g.alias !== undefined) ch.alias = g.alias;
  if (g.netns !== undefined) ch.netns = g.netns;
  if (g.carrier !== undefined) ch.carrier = g.carrier;
  if (g.master === null && g.vrf === undefined) ch.master = null;
  else {
    const master = masterOf(ctx, g, ctx.names);
    if (master !== undefined) ch.master = master;
  }
  Object.assign(ch, g.settings);
  try {
    new LinkApi(ctx.conn, { checks: "kernel" }).setGroup(g.group!, ch);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

/** `ip link delete`. */
export function del(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const g = parseGeneric(argv, false);
  if (g.dev === undefined && g.group !== undefined) {
    try {
      new LinkApi(ctx.conn).deleteGroup(g.group); // RTM_DELLINK with IFLA_GROUP: the kernel's rtnl_group_dellink
    } catch (e) {
      if (isNetlinkError(e)) throw kernelError(e);
      throw e;
    }
    return 0;
  }
  if (g.dev === undefined) {
    throw new CliError('Not enough information: "dev" argument is required.\n', 255, true);
  }
  const index = names.indexOf(g.dev);
  if (!index) throw nodev(g.dev);
  try {
    new LinkApi(ctx.conn).delete(index);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}
