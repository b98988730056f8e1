/**
 * The generic words of `ip link add|set|delete` (ip/iplink.c iplink_parse
 * of iproute2 6.1, in its order, with its messages): names, addresses,
 * queue lengths, the ifi_flags switches, GSO/GRO limits, addrgenmode,
 * protodown, mode, state, xdp, master/vrf, and `type KIND` with the rest
 * of the words for the kind's parser (link-modify.ts).
 */
import type { NetnsTarget } from "../lib/rtnl/link/api.ts";
import type { LinkSettings, XdpMode } from "../lib/rtnl/link/settings.ts";
import { Args, getInteger, getUnsigned, matches, unsignedArg } from "./args.ts";
import { CliError, duparg, duparg2, invarg } from "./errors.ts";
import { GROUPS } from "../lib/format/names.ts";
import { LINK_USAGE as USAGE } from "./usage-texts.ts";

const usage = () => new CliError(USAGE, 255, true);

/**
 * ip's get_integer with base 0 (strtol: an int, negative ones too), else
 * invarg(`msg`); the value as ip sends it in a u32 attribute (-1 is
 * 0xffffffff, left to the kernel to refuse).
 */
function int32(v: string, msg: string): number {
  const n = getInteger(v);
  if (n === undefined) throw invarg(msg, v);
  return n >>> 0;
}

/** A link-layer address "aa:bb:...", normalised to two hex digits a byte, else ll_addr_a2n's error. */
export function mac(v: string, what: string): string {
  if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})+$/i.test(v)) throw new CliError(`"${v}" is invalid lladdr.\n`, 1, false); // ll_addr_a2n: the parse returns -1
  void what;
  return v.split(":").map((b) => b.padStart(2, "0").toLowerCase()).join(":");
}

/** `netns NAME|PID`: a namespace by name, or the namespace of a process. */
export function netnsTarget(v: string): NetnsTarget {
  return /^\d+$/.test(v) ? { pid: Number(v) } : { name: v };
}

/** Generic link options shared by add and set (the part of iplink_parse before `type`). */
export interface Generic {
  name?: string;
  dev?: string;
  up?: boolean;
  mtu?: number;
  address?: string;
  txqlen?: number;
  master?: string | null;
  /** `vrf NAME`: the master, which must be a VRF. */
  vrf?: string;
  alias?: string;
  group?: number;
  netns?: NetnsTarget;
  link?: string;
  numTxQueues?: number;
  numRxQueues?: number;
  carrier?: boolean;
  index?: number;
  /** `xdp pinned PATH`: the program to open (bpf_obj_get) and attach. */
  xdpPinned?: string;
  /** Flags, broadcast, GSO/GRO limits, addrgenmode, protodown, mode, state, xdp (LinkApi's device settings). */
  settings: LinkSettings;
  type?: string;
  typeArgs: string[];
}

/** ip's on_off(): "on" or "off" exactly, else its message (the parser returns -1: exit 1). */
export function flagOnOff(a: Args, key: string): boolean {
  const v = a.value();
  if (v === "on" || v === "off") return v === "on";
  throw new CliError(`Error: argument of "${key}" must be "on" or "off", not "${v}"\n`, 1, false);
}

/** The words after `xdp`/`xdpgeneric`/`xdpdrv`/`xdpoffload` (xdp_parse): off|none as the last word, or a pinned program. */
export function parseXdp(a: Args, g: Generic, word: string, force: boolean): void {
  const mode: XdpMode | undefined = word === "xdpgeneric" ? "generic" : word === "xdpdrv" ? "driver" : word === "xdpoffload" ? "offload" : undefined;
  const v = a.value();
  if ((v === "off" || v === "none") && a.done) {
    g.settings.xdp = { fd: -1, ...(mode ? { mode } : {}), ...(force ? {} : { ifNotExists: true }) };
    return;
  }
  // bpf_parse_and_load_common: the program's source
  if (matches(v, "object-pinned") || matches(v, "pinned") || matches(v, "fd")) {
    g.xdpPinned = a.value();
    g.settings.xdp = { fd: -1, ...(mode ? { mode } : {}), ...(force ? {} : { ifNotExists: true }) };
    return;
  }
  if (matches(v, "object-file") || v === "obj" || matches(v, "bytecode") || v === "bc" || matches(v, "bytecode-file") || v === "bcf") {
    throw new CliError(`bun-netlink: "${word} ${v}" is not supported (load the program and attach it pinned: ${word} pinned PATH)\n`, 1, false);
  }
  throw new CliError(`What mode is "${v}"?\n`, 255, true);
}

/** iplink_parse: the generic words of `argv` up to `type KIND` (whose words are kept for the kind). */
export function parseGeneric(argv: string[], forAdd: boolean, force = false): Generic {
  const g: Generic = { typeArgs: [], settings: {} };
  const st = g.settings;
  const a = new Args(argv);
  let devIsName = false; // g.dev came from `name` (ip's dev == name pointer)
  // iplink_parse's keywords in its order (matches() where ip uses it: a prefix picks the first that fits)
  while (!a.done) {
    const w = a.word();
    if (w === "up") g.up = true;
    else if (w === "down") g.up = false;
    else if (w === "name") {
      const v = a.value();
      if (g.name !== undefined) throw duparg("name", v);
      if (v === "" || Buffer.byteLength(v) >= 16 || /[\/\s]/.test(v)) throw invarg('"name" not a valid ifname', v); // check_ifname
      g.name = v;
      if (g.dev === undefined) (g.dev = v), (devIsName = true); // ip: `name X` also names the device when no dev came before
    } else if (w === "index") {
      const v = a.value();
      if (g.index !== undefined) throw duparg("index", v);
      const n = Number.parseInt(v, 10); // atoi
      if (!(n > 0)) throw invarg('Invalid "index" value', v);
      g.index = n;
    } else if (matches(w, "link")) g.link = a.value();
    else if (matches(w, "address")) g.address = mac(a.value(), "address");
    else if (matches(w, "broadcast") || w === "brd") st.broadcast = mac(a.value(), "broadcast");
    else if (matches(w, "txqueuelen") || w === "qlen" || matches(w, "txqlen")) {
      const v = a.value();
      if (g.txqlen !== undefined) throw duparg("txqueuelen", v);
      g.txqlen = int32(v, 'Invalid "txqueuelen" value\n');
    } else if (w === "mtu") {
      const v = a.value();
      if (g.mtu !== undefined) throw duparg("mtu", v);
      g.mtu = int32(v, 'Invalid "mtu" value\n');
    } else if (w === "xdpgeneric" || w === "xdpdrv" || w === "xdpoffload" || w === "xdp") parseXdp(a, g, w, force);
    else if (w === "netns") {
      const v = a.value();
      if (g.netns !== undefined) throw duparg("netns", v);
      g.netns = netnsTarget(v);
    } else if (w === "multicast") st.multicast = flagOnOff(a, w);
    else if (w === "allmulticast") st.allmulticast = flagOnOff(a, w);
    else if (w === "promisc") st.promisc = flagOnOff(a, w);
    else if (w === "trailers") st.trailers = flagOnOff(a, w);
    else if (w === "arp") st.arp = flagOnOff(a, w);
    else if (w === "carrier") g.carrier = onOffStrict(a, "carrier");
    else if (w === "vf") throw new CliError('bun-netlink: "vf" (SR-IOV virtual function settings) is not supported\n', 1, false);
    else if (matches(w, "master")) g.master = a.value();
    else if (w === "vrf") g.vrf = a.value();
    else if (matches(w, "nomaster")) g.master = null;
    else if (matches(w, "dynamic")) st.dynamic = flagOnOff(a, "dynamic");
    else if (matches(w, "type")) {
      g.type = a.value();
      g.typeArgs = a.rest();
    } else if (matches(w, "alias")) {
      const v = a.value();
      if (Buffer.byteLength(v) >= 256) throw invarg("alias too long\n", v);
      g.alias = v;
    } else if (w === "group") {
      const v = a.value();
      if (g.group !== undefined) throw duparg("group", v);
      const grp = GROUPS.id(v);
      if (grp === undefined) throw invarg('Invalid "group" value\n', v);
      g.group = grp;
    } else if (w === "mode") {
      const v = a.value().toLowerCase();
      if (v !== "default" && v !== "dormant") throw invarg("Invalid link mode\n", v);
      st.linkMode = v;
    } else if (w === "state") {
      const v = a.value();
      const up = v.toUpperCase();
      if (!OPER_STATES.includes(up as never)) throw invarg("Invalid operstate\n", v);
      st.operState = up as LinkSettings["operState"];
    } else if (matches(w, "numtxqueues")) {
      const v = a.value();
      if (g.numTxQueues !== undefined) throw duparg("numtxqueues", v);
      g.numTxQueues = int32(v, 'Invalid "numtxqueues" value\n');
    } else if (matches(w, "numrxqueues")) {
      const v = a.value();
      if (g.numRxQueues !== undefined) throw duparg("numrxqueues", v);
      g.numRxQueues = int32(v, 'Invalid "numrxqueues" value\n');
    } else if (matches(w, "addrgenmode")) {
      const v = a.value();
      const m = v.toLowerCase();
      if (m !== "eui64" && m !== "none" && m !== "stable_secret" && m !== "random") throw invarg("Invalid address generation mode\n", v);
      st.addrGenMode = m;
    } else if (matches(w, "link-netns") || matches(w, "link-netnsid")) {
      throw new CliError(`bun-netlink: "${w}" is not supported\n`, 1, false);
    } else if (w === "protodown") st.protoDown = onOffStrict(a, "protodown");
    else if (w === "protodown_reason") throw new CliError('bun-netlink: "protodown_reason" is not supported\n', 1, false);
    else if (w === "gso_max_size") st.gsoMaxSize = unsignedArg(a.value(), 'Invalid "gso_max_size" value\n');
    else if (w === "gso_max_segs") {
      const v = a.value();
      const n = getUnsigned(v);
      if (n === undefined || n > 65535) throw invarg('Invalid "gso_max_segs" value\n', v);
      st.gsoMaxSegs = n;
    } else if (w === "gro_max_size") st.groMaxSize = unsignedArg(a.value(), 'Invalid "gro_max_size" value\n');
    else if (w === "parentdev") throw new CliError('bun-netlink: "parentdev" is not supported\n', 1, false);
    else {
      let v = w;
      if (matches(v, "help")) throw usage();
      if (v === "dev") v = a.value();
      if (g.dev !== undefined && !devIsName) throw duparg2("dev", v); // ip: `if (dev != name)`
      if (v === "" || Buffer.byteLength(v) >= 128 || /[\/\s]/.test(v)) throw invarg('"dev" not a valid ifname', v); // check_altifname
      g.dev = v;
      devIsName = false;
    }
  }
  void forAdd;
  return g;
}

/** IF_OPER_* names (get_operstate compares them without case). */
export const OPER_STATES = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"] as const;

/** iproute2 6.1's parse_on_off: exactly "on" or "off", else its message and exit 22 (-EINVAL). */
export function onOffStrict(a: Args, key: string): boolean {
  const v = a.value();
  if (v === "on" || v === "off") return v === "on";
  throw new CliError(`Error: argument of "${key}" must be one of "off", "on", not "${v}"\n`, 22, false);
}

