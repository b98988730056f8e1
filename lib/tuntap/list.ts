/**
 * The tun/tap devices of a namespace as `ip tuntap show` finds them: an
 * RTM_GETLINK dump filtered to kind "tun" (ip's tuntap_filter_req; device
 * types ARPHRD_NONE and ARPHRD_ETHER), then each device's sysfs properties
 * tun_flags, owner and group (ip's read_prop).
 *
 * sysfs shows the devices of the namespace it was mounted in. Without
 * `netns`, /sys/class/net is read as it is (as ip does without -n); with it,
 * a private sysfs instance of that namespace is made for the listing
 * (lib/sys/sysfs.ts), where ip -n mounts one over /sys in a mount namespace
 * of its own. Messages keep ip's /sys/class/net paths.
 */
import type { NetlinkConnection } from "../conn/connection.ts";
import { dumpLinkMessages } from "../rtnl/link/query.ts";
import type { NetnsHandle } from "../netns/handle.ts";
import { runInNetns } from "../netns/run.ts";
import { closeFd } from "../sys/ns.ts";
import { errnoMessage } from "../sys/errno.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { readTextFile } from "../sys/fileio.ts";
import { openSysfsMount } from "../sys/sysfs.ts";
import { IFF_TAP, IFF_TUN, tunFlagWords } from "./flags.ts";

/** RTEXT_FILTER_VF (linux/rtnetlink.h): the IFLA_EXT_MASK libnetlink's link dumps send. */
const RTEXT_FILTER_VF = 1;
const ARPHRD_ETHER = 1;
const ARPHRD_NONE = 0xfffe;

/** One tun/tap device. */
export interface TunTapDevice {
  /** Interface name. */
  name: string;
  ifindex: number;
  /** "tun", "tap", or undefined for neither bit. */
  mode: "tun" | "tap" | undefined;
  /** The raw sysfs tun_flags (IFF_* bits). */
  flags: number;
  /** The flag words `ip tuntap show` prints (tunFlagWords). */
  words: string[];
  /** Owning uid; absent when the device has none (-1). */
  user?: number;
  /** Owning gid; absent when the device has none (-1). */
  group?: number;
}

/** What a listing found: the devices, and ip's messages for those whose properties could not be read (skipped). */
export interface TunTapListing {
  devices: TunTapDevice[];
  problems: string[];
}

/** Options of {@link listTunTap}. */
export interface TunTapListOptions {
  /** The namespace `conn` talks to, when it is not the caller's: its sysfs is read. */
  netns?: NetnsHandle | string;
}

/** C's strtol(buf, &end, 0) over a whole line: undefined unless the whole text is a number. */
function cLong(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const t = m[2]!;
  const n = /^0[xX]/.test(t) ? Number.parseInt(t.slice(2), 16) : t.length > 1 && t[0] === "0" ? Number.parseInt(t, 8) : Number(t);
  return m[1] === "-" ? -n : n;
}

/** ip's read_prop: the number in the property file, or ip's message. */
function readProp(root: string, dev: string, prop: string): number | string {
  const fname = `/sys/class/net/${dev}/${prop}`;
  let text: string | undefined;
  try {
    text = readTextFile(`${root}/class/net/${dev}/${prop}`);
  } catch (e) {
    if (e instanceof SyscallError) return `property "${prop}" in file ${fname} is currently unknown\nFailed to parse ${fname}\n`;
    throw e;
  }
  if (text === undefined) return `fopen ${fname}: ${errnoMessage(2)}\n`;
  if (text === "") return `property "${prop}" in file ${fname} is currently unknown\nFailed to parse ${fname}\n`;
  const line = text.split("\n")[0]!.slice(0, 79);
  const v = cLong(line);
  if (v === undefined) return `value "${line}" in file ${fname} is not a number\nFailed to parse ${fname}\n`;
  return v;
}

/** Read each device's properties under sysfs root `root`. */
function readDevices(root: string, links: Array<{ name: string; ifindex: number }>, out: TunTapListing): void {
  for (const { name, ifindex } of links) {
    const vals: number[] = [];
    for (const prop of ["tun_flags", "owner", "group"]) {
      const v = readProp(root, name, prop);
      if (typeof v === "string") {
        out.problems.push(v);
        break;
      }
      vals.push(v);
    }
    if (vals.length < 3) continue;
    const [flags, owner, group] = vals as [number, number, number];
    const d: TunTapDevice = { name, ifindex, mode: flags & IFF_TUN ? "tun" : flags & IFF_TAP ? "tap" : undefined, flags, words: tunFlagWords(flags) };
    if (owner !== -1) d.user = owner;
    if (group !== -1) d.group = group;
    out.devices.push(d);
  }
}

/**
 * The tun/tap devices of the namespace `conn` talks to, in the kernel's
 * order. A device whose sysfs properties cannot be read is left out and
 * ip's message for it is in `problems`. Kernel errors of the dump are
 * thrown as NetlinkError; a failure to mount the namespace's sysfs as
 * SyscallError.
 */
export function listTunTap(conn: NetlinkConnection, opts: TunTapListOptions = {}): TunTapListing {
  const msgs = dumpLinkMessages(conn, { family: 0, extMask: RTEXT_FILTER_VF, kind: "tun" });
  const links = msgs
    .filter((m) => (m.type === ARPHRD_NONE || m.type === ARPHRD_ETHER) && m.attrs.ifname !== undefined && m.attrs.linkinfo?.kind === "tun")
    .map((m) => ({ name: m.attrs.ifname!, ifindex: m.index }));
  const out: TunTapListing = { devices: [], problems: [] };
  if (links.length === 0) return out;
  if (opts.netns === undefined) {
    readDevices("/sys", links, out);
    return out;
  }
  const mnt = runInNetns(opts.netns, openSysfsMount);
  try {
    readDevices(`/proc/self/fd/${mnt}`, links, out);
  } finally {
    closeFd(mnt);
  }
  return out;
}
