/**
 * iproute2's name tables (ip/rt_names.c behaviour): built-in names, then
 * /etc/iproute2/<file> and /etc/iproute2/<file>.d/*.conf, each line
 * "NUMBER NAME" ('#' starts a comment). Numbers without a name print as
 * decimal. Loaded once per process, on first use.
 */
import { readDirNames, readTextFile } from "../sys/fileio.ts";

const CONFDIR = "/etc/iproute2";

let numeric = false;

/**
 * ip -N (-Numeric): every name this module gives prints as its number, as
 * rt_names.c, rtm_map.c, ll_types.c and inet_proto.c do while `numeric` is
 * set (the CLI sets it for each command line it runs).
 */
export function setNumericNames(on: boolean): void {
  numeric = on;
}

/** Whether names print as numbers (ip -N). */
export function numericNames(): boolean {
  return numeric;
}

/** A number <-> name table. */
export class NameTable {
  private byId: Map<number, string> | undefined;
  private byName: Map<string, number> | undefined;

  /**
   * `hex`: unnamed numbers print as 0x%02x. `parse`: how a word that is no
   * name reads as a number (rt_names.c's *_a2n): strtoul with `base` (0:
   * decimal, 0x hex, leading-0 octal; 16 for dsfield), the whole word, at
   * most `max`; `signedInt` reads it as the group table does (strtol into
   * an int, negative refused).
   */
  constructor(
    private readonly file: string,
    private readonly builtin: Record<number, string>,
    private readonly hex = false,
    private readonly parse: { base: 0 | 16; max: number; signedInt?: boolean } = { base: 0, max: 0xffffffff },
  ) {}

  private load(): void {
    if (this.byId) return;
    const byId = new Map<number, string>();
    const byName = new Map<string, number>();
    const add = (id: number, name: string) => {
      byId.set(id, name);
      byName.set(name, id);
    };
    for (const [k, v] of Object.entries(this.builtin)) add(Number(k), v);
    const files = [`${CONFDIR}/${this.file}`];
    // listed through libc: loading node:fs costs a command's start several ms
    const dir = `${CONFDIR}/${this.file}.d`;
    for (const f of readDirNames(dir)?.sort() ?? []) if (f.endsWith(".conf")) files.push(`${dir}/${f}`);
    for (const f of files) {
      let text: string | undefined;
      try {
        text = readTextFile(f);
      } catch {
        continue;
      }
      if (text === undefined) continue;
      for (const raw of text.split("\n")) {
        const line = raw.replace(/#.*/, "").trim();
        if (line === "") continue;
        const m = /^(0x[0-9a-fA-F]+|\d+)\s+(\S+)/.exec(line);
        if (!m) continue;
        add(Number(m[1]), m[2]!);
      }
    }
    this.byId = byId;
    this.byName = byName;
  }

  /** Name of `id`, or its number as text. */
  name(id: number): string {
    this.load();
    return (numeric ? undefined : this.byId!.get(id)) ?? (this.hex ? `0x${id.toString(16).padStart(2, "0")}` : String(id));
  }

  /** True when `id` has a name. */
  has(id: number): boolean {
    this.load();
    return this.byId!.has(id);
  }

  /** Number of a name or of a numeric word as ip reads it (see the constructor's `parse`); undefined if neither. */
  id(word: string): number | undefined {
    this.load();
    const n = this.byName!.get(word);
    if (n !== undefined) return n;
    const { base, max, signedInt } = this.parse;
    // the common case, a plain decimal below 10^9 (a -batch line's table number), without BigInt
    if (base === 0 && DECIMAL.test(word)) {
      const n = Number(word);
      return n <= max ? n : undefined;
    }
    const v = strtoulWord(word, base, signedInt === true);
    if (v === undefined) return undefined;
    if (signedInt) {
      const i = Number(BigInt.asIntN(32, v)); // `int i = strtol(...)`
      return i < 0 ? undefined : i;
    }
    return v > BigInt(max) ? undefined : Number(v);
  }
}

const DECIMAL = /^(0|[1-9][0-9]{0,8})$/;

/**
 * C's strtoul(word, &end, base) (strtol with `signed`) when it reads the
 * whole word: leading white space, a sign, 0x (base 0 or 16) or a leading
 * 0 (octal, base 0; decimal digits only with base 10); a value past the 64-bit range saturates as strtoul's
 * does (ULONG_MAX, LONG_MAX or LONG_MIN), and "-N" is 2^64 - N. Undefined
 * when no digit is read or anything follows the number.
 */
export function strtoulWord(word: string, base: 0 | 10 | 16, signed = false): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(word)!;
  let body = m[2]!;
  let radix = base === 16 ? 16 : 10;
  if ((base === 0 || base === 16) && /^0[xX][0-9a-fA-F]/.test(body)) {
    body = body.slice(2);
    radix = 16;
  } else if (base === 0 && body.startsWith("0")) radix = 8;
  const digits = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  let v = BigInt(radix === 16 ? `0x${body}` : radix === 8 ? `0o${body}` : body);
  const neg = m[1] === "-";
  if (signed) {
    const lim = neg ? 1n << 63n : (1n << 63n) - 1n;
    if (v > lim) v = lim;
    return neg ? -v : v;
  }
  if (v > (1n << 64n) - 1n) v = (1n << 64n) - 1n;
  return neg && v !== 0n ? (1n << 64n) - v : v;
}

/** Numbers 0..255 in any base (rtprot, rtscope, rtrealm a2n). */
const BYTE = { base: 0, max: 255 } as const;

/** Routing tables (rt_tables): 253 default, 254 main, 255 local. */
export const TABLES = new NameTable("rt_tables", { 0: "unspec", 253: "default", 254: "main", 255: "local" });

/** Route protocols (rt_protos), with ip's built-in names. */
export const PROTOS = new NameTable("rt_protos", {
  0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt", 11: "zebra",
  12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 17: "mrouted", 18: "keepalived", 42: "babel",
  99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
}, false, BYTE);

/** Scopes (rt_scopes). */
export const SCOPES = new NameTable("rt_scopes", { 0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere" }, false, BYTE);

/** Link groups (group). */
export const GROUPS = new NameTable("group", { 0: "default" }, false, { base: 0, max: 0x7fffffff, signedInt: true });

/** Realms (rt_realms). */
export const REALMS = new NameTable("rt_realms", { 0: "unknown" }, false, BYTE);

/** DS field names (rt_dsfield), printed as hex when unnamed. */
export const DSFIELDS = new NameTable("rt_dsfield", {}, true, { base: 16, max: 255 });

/** Route types as rtnl_rtntype_n2a names them (RTN_UNSPEC prints as "none"). */
export const RTN_NAMES = ["none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];

/** Name of a route type number (RTN_*). */
export function rtnName(t: number): string {
  return (numeric ? undefined : RTN_NAMES[t]) ?? String(t);
}

/** Types rtnl_rtntype_a2n takes by any leading part (ip's matches()), in the order it tries them. */
const RTN_BY_PREFIX: ReadonlyArray<readonly [string, number]> = [
  ["broadcast", 3], ["anycast", 4], ["multicast", 5], ["prohibit", 8], ["unreachable", 7], ["blackhole", 6], ["xresolve", 11], ["unicast", 1],
];

/**
 * Number of a route type word as rtnl_rtntype_a2n reads it: "local", "nat",
 * "brd" and "throw" exactly, the other names by any leading part
 * ("b" is broadcast, "bl" blackhole), else a number as strtoul (base 0)
 * reads it, at most 255; undefined otherwise ("none" is not taken).
 */
export function rtnId(word: string): number | undefined {
  if (word === "local") return 2;
  if (word === "nat") return 10;
  if (word === "brd") return 3;
  if (word.length > 0) for (const [name, id] of RTN_BY_PREFIX) if (name.startsWith(word)) return id;
  if (word === "throw") return 9;
  const v = strtoulWord(word, 0);
  return v !== undefined && v <= 255n ? Number(v) : undefined;
}

let protocols: { byNum: Map<number, string>; byName: Map<string, number> } | undefined;

/** /etc/protocols (what getprotobyname/getprotobynumber read): names and aliases; empty when the file is missing. */
function protocolsDb(): { byNum: Map<number, string>; byName: Map<string, number> } {
  if (protocols) return protocols;
  const byNum = new Map<number, string>();
  const byName = new Map<string, number>();
  try {
    for (const raw of process.getBuiltinModule("node:fs").readFileSync("/etc/protocols", "utf8").split("\n")) {
      const f = raw.replace(/#.*/, "").trim().split(/\s+/);
      if (f.length < 2 || !/^\d+$/.test(f[1]!)) continue;
      const n = Number(f[1]);
      if (!byNum.has(n)) byNum.set(n, f[0]!);
      for (const name of [f[0]!, ...f.slice(2)]) if (!byName.has(name)) byName.set(name, n);
    }
  } catch {
    // no /etc/protocols: numbers only
  }
  return (protocols = { byNum, byName });
}

/** ip's inet_proto_n2a: the /etc/protocols name of `n`, else "ipproto-N". */
export function ipProtoName(n: number): string {
  return (numeric ? undefined : protocolsDb().byNum.get(n)) ?? `ipproto-${n}`;
}

/** ip's inet_proto_a2n: a decimal number 0..255 or an /etc/protocols name or alias; undefined otherwise. */
export function ipProtoId(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word) <= 255 ? Number(word) : undefined;
  return protocolsDb().byName.get(word);
}

/** ip's family_name(): the word ip prints for an address family number. */
export function familyName(f: number): string {
  switch (f) {
    case 2: return "inet";
    case 10: return "inet6";
    case 17: return "link";
    case 7: return "bridge";
    case 28: return "mpls";
    case 0: return "unspec";
    default: return `[${f}]`;
  }
}
