/**
 * Creating and deleting tun/tap devices as `ip tuntap add|del` does, through
 * /dev/net/tun: open(2), ioctl TUNSETIFF (attach to or create the device),
 * TUNSETOWNER, TUNSETGROUP, TUNSETPERSIST, close(2). The device lives in the
 * network namespace of the thread that opens /dev/net/tun: `netns` runs the
 * whole sequence inside another namespace (setns there and back, synchronous).
 *
 *   createTunTap({ name: "tap0", mode: "tap", user: "nobody", vnetHdr: true });
 *   deleteTunTap({ name: "tap0", mode: "tap" });
 */
import { closeFd, openPath } from "../sys/ns.ts";
import { ioctlInt, ioctlPtr } from "../sys/ioctl.ts";
import { O_CLOEXEC, O_RDWR } from "../sys/constants.ts";
import { groupId, userId } from "../sys/users.ts";
import type { NetnsHandle } from "../netns/handle.ts";
import { runInNetns } from "../netns/run.ts";
import { encodeIfreq, ifreqName, IFNAMSIZ } from "./ifreq.ts";
import type { TunTapDevice } from "./list.ts";
import {
  IFF_MULTI_QUEUE, IFF_NO_PI, IFF_ONE_QUEUE, IFF_TAP, IFF_TUN, IFF_TUN_EXCL, IFF_VNET_HDR,
  TUN_DEVICE, TUNSETGROUP, TUNSETIFF, TUNSETOWNER, TUNSETPERSIST,
} from "./flags.ts";

/** A tun/tap device as TUNSETIFF names it (the flags must match an existing device's to attach to it). */
export interface TunTapSpec {
  /** Device name (1..15 bytes, no "/" or white space); absent: the kernel picks tun%d / tap%d. */
  name?: string;
  /** "tun" (IP packets) or "tap" (Ethernet frames). */
  mode: "tun" | "tap";
  /** Prefix packets with struct tun_pi (ip's `pi`; default false, IFF_NO_PI). */
  pi?: boolean;
  /** Prefix packets with struct virtio_net_hdr (IFF_VNET_HDR). */
  vnetHdr?: boolean;
  /** Several queues (IFF_MULTI_QUEUE). */
  multiQueue?: boolean;
  /** IFF_ONE_QUEUE (ignored by kernels since 3.8, kept in the flags). */
  oneQueue?: boolean;
}

/** What `createTunTap` makes: a spec plus the owner and group of the persistent device. */
export interface TunTapCreateSpec extends TunTapSpec {
  /** Owning user: uid (0..2^32-2) or a name resolved as getpwnam(3) does. */
  user?: number | string;
  /** Owning group: gid (0..2^32-2) or a name resolved as getgrnam(3) does. */
  group?: number | string;
  /** Fail with EBUSY when the device exists (IFF_TUN_EXCL, as ip does; default true). */
  exclusive?: boolean;
}

/** Where the device is: the caller's namespace, or `netns` (a handle, a name under /run/netns or a path). */
export interface TunTapTarget {
  netns?: NetnsHandle | string;
}

const SPEC_KEYS = ["name", "mode", "pi", "vnetHdr", "multiQueue", "oneQueue"];
const CREATE_KEYS = [...SPEC_KEYS, "user", "group", "exclusive"];

/** ip's check_ifname (the kernel's dev_valid_name): 1..15 bytes, no "/" and no white space. */
export function checkTunTapName(name: unknown, field = "name"): string {
  if (typeof name !== "string") throw new TypeError(`${field}: expected a string, got ${typeof name}`);
  const len = new TextEncoder().encode(name).length;
  if (len === 0 || len >= IFNAMSIZ) throw new RangeError(`${field}: expected 1..${IFNAMSIZ - 1} bytes, got ${len}: ${JSON.stringify(name)}`);
  if (/[/ \t\n\v\f\r\0]/.test(name)) throw new RangeError(`${field}: must not contain "/", white space or NUL: ${JSON.stringify(name)}`);
  return name;
}

/** The TUNSETIFF flags of a spec (IFF_NO_PI unless `pi`), after checking every field. */
export function tunTapFlags(spec: TunTapSpec, keys: readonly string[] = SPEC_KEYS): number {
  if (spec === null || typeof spec !== "object") throw new TypeError("spec: expected an object");
  for (const k of Object.keys(spec)) if (!keys.includes(k)) throw new TypeError(`spec: unknown field "${k}"`);
  if (spec.mode !== "tun" && spec.mode !== "tap") throw new RangeError(`mode: expected "tun" or "tap", got ${JSON.stringify(spec.mode)}`);
  if (spec.name !== undefined) checkTunTapName(spec.name);
  for (const k of ["pi", "vnetHdr", "multiQueue", "oneQueue"] as const) {
    if (spec[k] !== undefined && typeof spec[k] !== "boolean") throw new TypeError(`${k}: expected a boolean, got ${typeof spec[k]}`);
  }
  let flags = spec.mode === "tun" ? IFF_TUN : IFF_TAP;
  if (!spec.pi) flags |= IFF_NO_PI;
  if (spec.oneQueue) flags |= IFF_ONE_QUEUE;
  if (spec.vnetHdr) flags |= IFF_VNET_HDR;
  if (spec.multiQueue) flags |= IFF_MULTI_QUEUE;
  return flags;
}

/** A uid/gid field: a number 0..2^32-2 or a name the C library knows. */
function ownerId(v: number | string | undefined, field: "user" | "group"): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0 || v >= 0xffffffff) throw new RangeError(`${field}: expected an id 0..${0xffffffff - 1}, got ${v}`);
    return v;
  }
  if (typeof v !== "string" || v === "") throw new TypeError(`${field}: expected a number or a name, got ${JSON.stringify(v)}`);
  const id = field === "user" ? userId(v) : groupId(v);
  if (id === undefined) throw new RangeError(`${field}: no such ${field} ${JSON.stringify(v)}`);
  return id;
}

function checkTarget(target: TunTapTarget): void {
  if (target === null || typeof target !== "object") throw new TypeError("target: expected an object");
  for (const k of Object.keys(target)) if (k !== "netns") throw new TypeError(`target: unknown field "${k}"`);
}

/** Open /dev/net/tun, run `fn` on the fd, close it (also on failure); inside `netns` when given. */
function withTun<T>(target: TunTapTarget, fn: (fd: number) => T): T {
  const run = (): T => {
    const fd = openPath(TUN_DEVICE, O_RDWR | O_CLOEXEC);
    try {
      return fn(fd);
    } finally {
      closeFd(fd);
    }
  };
  return target.netns === undefined ? run() : runInNetns(target.netns, run);
}

/**
 * Create a persistent tun/tap device (ip tuntap add) and return its name (the
 * kernel's choice when `name` is absent). Throws TypeError/RangeError for bad
 * input before any syscall, SyscallError on failure (`open` of /dev/net/tun;
 * `ioctl` with context TUNSETIFF: EBUSY when it exists, TUNSETOWNER, ...).
 */
export function createTunTap(spec: TunTapCreateSpec, target: TunTapTarget = {}): string {
  let flags = tunTapFlags(spec, CREATE_KEYS);
  if (spec.exclusive !== undefined && typeof spec.exclusive !== "boolean") throw new TypeError(`exclusive: expected a boolean, got ${typeof spec.exclusive}`);
  if (spec.exclusive !== false) flags |= IFF_TUN_EXCL;
  checkTarget(target);
  const uid = ownerId(spec.user, "user");
  const gid = ownerId(spec.group, "group");
  const ifr = encodeIfreq(spec.name ?? "", flags);
  return withTun(target, (fd) => {
    ioctlPtr(fd, TUNSETIFF, ifr, "TUNSETIFF");
    if (uid !== undefined) ioctlInt(fd, TUNSETOWNER, uid, "TUNSETOWNER");
    if (gid !== undefined) ioctlInt(fd, TUNSETGROUP, gid, "TUNSETGROUP");
    ioctlInt(fd, TUNSETPERSIST, 1, "TUNSETPERSIST");
    return ifreqName(ifr);
  });
}

/** True for a device as `listTunTap` returns it (its raw `flags` and `words`), not a spec. */
function isListed(v: TunTapSpec | TunTapDevice): v is TunTapDevice {
  return v !== null && typeof v === "object" && typeof (v as TunTapDevice).flags === "number" && Array.isArray((v as TunTapDevice).words);
}

/** The spec that attaches to a listed device: its name, mode and the flags TUNSETIFF compares or sets. */
export function specOfDevice(d: TunTapDevice): TunTapSpec {
  if (d.mode !== "tun" && d.mode !== "tap") throw new RangeError(`mode: the listed device ${JSON.stringify(d.name)} is neither tun nor tap (flags ${d.flags})`);
  const spec: TunTapSpec = { name: d.name, mode: d.mode };
  if (!(d.flags & IFF_NO_PI)) spec.pi = true;
  if (d.flags & IFF_VNET_HDR) spec.vnetHdr = true;
  if (d.flags & IFF_MULTI_QUEUE) spec.multiQueue = true;
  if (d.flags & IFF_ONE_QUEUE) spec.oneQueue = true;
  return spec;
}

/**
 * Delete a persistent tun/tap device (ip tuntap del); a device as
 * `listTunTap` lists it is accepted as it is: attach to it with the
 * spec's flags and clear its persistence, so it goes when the fd closes.
 * Like ip, a spec naming no existing device creates one that goes at once.
 * Returns the device's name. Errors as {@link createTunTap} (TUNSETIFF
 * EINVAL: the device's mode or queue flags differ from the spec's).
 */
export function deleteTunTap(spec: TunTapSpec | TunTapDevice, target: TunTapTarget = {}): string {
  const flags = tunTapFlags(isListed(spec) ? specOfDevice(spec) : spec);
  checkTarget(target);
  const ifr = encodeIfreq(spec.name ?? "", flags);
  return withTun(target, (fd) => {
    ioctlPtr(fd, TUNSETIFF, ifr, "TUNSETIFF");
    ioctlInt(fd, TUNSETPERSIST, 0, "TUNSETPERSIST");
    return ifreqName(ifr);
  });
}
