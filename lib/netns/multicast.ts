/**
 * The multicast addresses the links of a namespace have joined, as the
 * kernel lists them in /proc/net/dev_mcast (link layer), /proc/net/igmp
 * (IPv4) and /proc/net/igmp6 (IPv6): what `ip maddress show` prints. These
 * tables have no rtnetlink dump; the files are read from inside the
 * namespace (runInNetns, /proc/thread-self/net).
 *
 *   listMulticast("blue");   // [{ ifindex: 1, ifname: "lo", family: "inet", address: "224.0.0.1", users: 1 }, ...]
 */
import { readFileSync } from "node:fs";
import { formatIP } from "../../codecs/ip/index.ts";
import type { NetnsHandle } from "./handle.ts";
import { runInNetns } from "./run.ts";

/** One joined multicast address. */
export interface MulticastAddress {
  ifindex: number;
  ifname: string;
  /** "link" (a hardware address, dev_mcast), "inet" (igmp) or "inet6" (igmp6). */
  family: "link" | "inet" | "inet6";
  /** "33:33:00:00:00:01", "224.0.0.1", "ff02::1". */
  address: string;
  /** How many times it was joined. */
  users: number;
  /** dev_mcast's global_use: joined for the device itself (`ip maddr` prints "static"). */
  static?: true;
}

const hexBytes = (s: string): Uint8Array | undefined => {
  // ip's parse_hex: pairs of hex digits; an odd digit count fails
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return Uint8Array.from({ length: s.length / 2 }, (_, i) => Number.parseInt(s.slice(2 * i, 2 * i + 2), 16));
};
const mac = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");

/** Entries of /proc/net/dev_mcast text ("IDX NAME USERS GLOBAL HEX" per line). */
export function parseDevMcast(text: string): MulticastAddress[] {
  const out: MulticastAddress[] = [];
  for (const line of text.split("\n")) {
    const [idx, name, users, st, hex] = line.trim().split(/\s+/);
    if (hex === undefined) continue;
    const b = hexBytes(hex);
    if (b === undefined) continue;
    const m: MulticastAddress = { ifindex: Number(idx), ifname: name!, family: "link", address: mac(b), users: Number(users) };
    if (Number(st) !== 0) m.static = true;
    out.push(m);
  }
  return out;
}

/**
 * Entries of /proc/net/igmp text: a device line ("IDX\tNAME : ...") then
 * its groups ("\t\t\t\tHEX USERS ..."), the group as the kernel prints a
 * __be32 with %08X (host order: read back the same way).
 */
export function parseIgmp(text: string): MulticastAddress[] {
  const out: MulticastAddress[] = [];
  let ifindex = 0;
  let ifname = "";
  const lines = text.split("\n").slice(1); // the header
  for (const line of lines) {
    if (line === "") continue;
    if (line[0] !== "\t") {
      const [idx, name] = line.trim().split(/\s+/);
      ifindex = Number(idx);
      ifname = name!.endsWith(":") ? name!.slice(0, -1) : name!;
      continue;
    }
    const [hex, users] = line.trim().split(/\s+/);
    const v = Number.parseInt(hex!, 16) >>> 0;
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true); // the value's host (little-endian) bytes are the address
    out.push({ ifindex, ifname, family: "inet", address: formatIP(b, 0, 4), users: Number(users) });
  }
  return out;
}

/** Entries of /proc/net/igmp6 text ("IDX NAME HEX USERS ..." per line). */
export function parseIgmp6(text: string): MulticastAddress[] {
  const out: MulticastAddress[] = [];
  for (const line of text.split("\n")) {
    const [idx, name, hex, users] = line.trim().split(/\s+/);
    if (users === undefined) continue;
    const b = hexBytes(hex!);
    if (b === undefined || b.length !== 16) continue;
    out.push({ ifindex: Number(idx), ifname: name!, family: "inet6", address: formatIP(b, 0, 16), users: Number(users) });
  }
  return out;
}

/**
 * The multicast addresses of namespace `ns` (a name or handle; the
 * caller's own when undefined), of `families` (default all three): link
 * entries, then IPv4, then IPv6, each in the kernel's order, then sorted
 * by ifindex keeping that order within a link (as ip lists them).
 */
export function listMulticast(ns?: NetnsHandle | string, families: ReadonlyArray<MulticastAddress["family"]> = ["link", "inet", "inet6"]): MulticastAddress[] {
  const read = (): MulticastAddress[] => {
    const file = (name: string): string => {
      try {
        return readFileSync(`/proc/thread-self/net/${name}`, "utf8");
      } catch {
        return ""; // ip skips a file it cannot open (e.g. no IPv6)
      }
    };
    const out: MulticastAddress[] = [];
    if (families.includes("link")) out.push(...parseDevMcast(file("dev_mcast")));
    if (families.includes("inet")) out.push(...parseIgmp(file("igmp")));
    if (families.includes("inet6")) out.push(...parseIgmp6(file("igmp6")));
    return out;
  };
  const all = ns === undefined ? read() : runInNetns(ns, read);
  // maddr_ins: a stable insertion by ifindex
  return all.map((m, i) => [m, i] as const).sort((a, b) => a[0].ifindex - b[0].ifindex || a[1] - b[1]).map(([m]) => m);
}
