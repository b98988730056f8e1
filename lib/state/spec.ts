/**
 * The structure of a state document, declared once as a table of field
 * descriptors. The TypeScript validator (validate.ts) walks it and the
 * shipped JSON Schema (schema/state.schema.json, made by schema.ts) is
 * generated from it, so the two cannot disagree about structure. String
 * formats are regular expressions in the subset that JavaScript and
 * Python `re` read alike.
 */

/** A field descriptor. */
export type Field =
  | { t: "string"; pattern?: string; what?: string; maxLength?: number }
  | { t: "int"; min: number; max: number }
  | { t: "bool" }
  | { t: "enum"; values: readonly string[] }
  | { t: "anyOf"; of: readonly Field[]; what: string }
  | { t: "null" }
  | { t: "array"; of: Field; maxItems?: number }
  | { t: "object"; fields: Readonly<Record<string, Field>>; required?: readonly string[]; what?: string }
  | { t: "map"; key: string; value: Field; what: string };

const DEC = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const V4 = `(${DEC}\\.){3}${DEC}`;
const H = "[0-9a-fA-F]{1,4}";
const V6 = [
  `(${H}:){7}${H}`, `(${H}:){1,7}:`, `(${H}:){1,6}:${H}`, `(${H}:){1,5}(:${H}){1,2}`, `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`, `(${H}:){1,2}(:${H}){1,5}`, `${H}:(:${H}){1,6}`, `:((:${H}){1,7}|:)`,
  `::([fF]{4}(:0{1,4})?:)?${V4}`, `(${H}:){1,4}:${V4}`,
].map((a) => `(${a})`).join("|");

/** An IPv4 or IPv6 address. */
export const IP_RE = `^(${V4}|${V6})$`;
/** An address with a prefix length (IPv4 0..32, IPv6 0..128). */
export const CIDR_RE = `^(${V4}/(3[0-2]|[12]?[0-9])|(${V6})/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`;
/** A prefix, a host address or "default". */
export const DST_RE = `^(default|${V4}(/(3[0-2]|[12]?[0-9]))?|(${V6})(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$`;
/** A MAC address. */
export const MAC_RE = "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$";
/** An interface name as dev_valid_name() accepts it: 1..15 bytes, no "/", ":" or white space, not "." or "..". */
export const IFNAME_RE = "^(?!\\.{1,2}$)[^/:\\s]{1,15}$";
/** A namespaced sysctl, dotted: net.X.Y[...]; components never empty, ".." or containing "/". */
export const SYSCTL_RE = "^net(\\.[A-Za-z0-9_@+-]+)+$";

const U32 = 0xffffffff;
const str = (pattern?: string, what?: string): Field => (pattern === undefined ? { t: "string" } : { t: "string", pattern, what: what ?? pattern });
const int = (min: number, max: number): Field => ({ t: "int", min, max });
const bool: Field = { t: "bool" };
const ifname = str(IFNAME_RE, "an interface name");
const ip = str(IP_RE, "an IP address");
const nameOrNumber = (max: number): Field => ({ t: "anyOf", of: [{ t: "string", pattern: "^[a-z][a-z0-9_-]*$", what: "a name" }, int(0, max)], what: `a name or a number 0..${max}` });
const range: Field = { t: "object", fields: { start: int(0, 65535), end: int(0, 65535) }, required: ["start", "end"] };
const uidRange: Field = { t: "object", fields: { start: int(0, U32), end: int(0, U32) }, required: ["start", "end"] };

/** Fields of a link. */
export const LINK: Field = {
  t: "object",
  required: ["name"],
  fields: {
    name: ifname,
    kind: str("^[a-z0-9_-]{1,15}$", "a kind name"),
    peer: ifname,
    mtu: int(0, U32),
    address: str(MAC_RE, "a MAC address"),
    up: bool,
    alias: { t: "string", maxLength: 255 },
    master: { t: "anyOf", of: [ifname, { t: "null" }], what: "an interface name or null" },
    txqlen: int(0, U32),
    group: int(0, U32),
    link: ifname,
    data: { t: "map", key: "^[A-Za-z][A-Za-z0-9]*$", value: { t: "anyOf", of: [str(), int(-U32, U32), bool], what: "a string, integer or boolean" }, what: "kind options" },
    derived: { t: "object", fields: { address: str(MAC_RE, "a MAC address") } },
  },
};

const ADDRESS_FLAGS = ["nodad", "noprefixroute", "mngtmpaddr", "home", "autojoin", "optimistic"] as const;

/** Fields of an address. */
export const ADDRESS: Field = {
  t: "object",
  required: ["dev", "address"],
  fields: {
    dev: ifname,
    address: str(CIDR_RE, "an address with a prefix length"),
    peer: str(DST_RE, "an address or prefix"),
    broadcast: ip,
    label: str("^[^/\\s]{1,15}$", "a label"),
    scope: nameOrNumber(255),
    flags: { t: "array", of: { t: "enum", values: ADDRESS_FLAGS } },
    metric: int(0, U32),
  },
};

const PATH: Field = {
  t: "object",
  fields: { gateway: ip, dev: ifname, weight: int(1, 256), onlink: bool },
};

const ROUTE_TYPES = ["unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat"] as const;

/** Fields of a route. */
export const ROUTE: Field = {
  t: "object",
  required: ["dst"],
  fields: {
    dst: str(DST_RE, 'a prefix or "default"'),
    family: { t: "anyOf", of: [int(4, 4), int(6, 6)], what: "4 or 6" },
    table: nameOrNumber(U32),
    type: { t: "enum", values: ROUTE_TYPES },
    gateway: ip,
    dev: ifname,
    metric: int(0, U32),
    protocol: nameOrNumber(255),
    scope: nameOrNumber(255),
    src: ip,
    from: str(DST_RE, "a prefix"),
    tos: int(0, 255),
    onlink: bool,
    nhid: int(1, U32),
    multipath: { t: "array", of: PATH },
  },
};

/** Fields of a nexthop. */
export const NEXTHOP: Field = {
  t: "object",
  required: ["id"],
  fields: {
    id: int(1, U32),
    family: { t: "anyOf", of: [int(4, 4), int(6, 6)], what: "4 or 6" },
    gateway: ip,
    dev: ifname,
    blackhole: bool,
    onlink: bool,
    fdb: bool,
    group: { t: "array", of: { t: "object", fields: { id: int(1, U32), weight: int(1, 65536) }, required: ["id"] } },
    protocol: nameOrNumber(255),
  },
};

/** Fields of a permanent neighbour. */
export const NEIGHBOUR: Field = {
  t: "object",
  required: ["dev", "dst"],
  fields: { dev: ifname, dst: ip, lladdr: str(MAC_RE, "a MAC address"), proxy: bool, router: bool },
};

/** Fields of a rule. */
export const RULE: Field = {
  t: "object",
  required: ["family", "priority"],
  fields: {
    family: { t: "anyOf", of: [int(4, 4), int(6, 6)], what: "4 or 6" },
    priority: int(0, U32),
    action: { t: "enum", values: ["table", "goto", "nop", "blackhole", "unreachable", "prohibit"] },
    table: nameOrNumber(U32),
    from: str(DST_RE, "a prefix"),
    to: str(DST_RE, "a prefix"),
    iif: ifname,
    oif: ifname,
    fwmark: int(0, U32),
    fwmask: int(0, U32),
    not: bool,
    tos: int(0, 255),
    goto: int(0, U32),
    ipProto: nameOrNumber(255),
    sport: range,
    dport: range,
    uidRange,
    suppressPrefixlen: int(0, 128),
    protocol: nameOrNumber(255),
  },
};

/** The whole document. */
export const DOCUMENT: Field = {
  t: "object",
  required: ["version"],
  what: "a state document",
  fields: {
    version: int(1, 1),
    links: { t: "array", of: LINK },
    addresses: { t: "array", of: ADDRESS },
    routes: { t: "array", of: ROUTE },
    nexthops: { t: "array", of: NEXTHOP },
    neighbours: { t: "array", of: NEIGHBOUR },
    rules: { t: "array", of: RULE },
    sysctls: { t: "map", key: SYSCTL_RE, value: { t: "string", pattern: "^[^\\n]*$", what: "one line" }, what: "sysctls" },
  },
};
