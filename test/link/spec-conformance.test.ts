/**
 * The link codec's attribute numbers against the kernel's machine-readable
 * spec (fixtures/specs/rt-link.yaml, a verbatim copy of the kernel spec; numbering: explicit `value`, else
 * previous + 1, subsets take their parent's numbers) and, for the sets the
 * spec does not describe (veth, macvlan, ipvlan, vxlan, vrf ports, linkinfo,
 * AF_BRIDGE af-spec), against the enums of linux/if_link.h, linux/veth.h and
 * linux/if_bridge.h. Every attribute of every spec set must be in our set
 * under its camelCase name with the spec's number, and the payload size
 * the spec gives (u8..u64, flag) must decode, except where the kernel
 * writes something else (listed below, with the reason).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AttrSet } from "../../codecs/core/attrset.ts";
import type { Field } from "../../codecs/core/fields.ts";
import * as L from "../../codecs/link/index.ts";

const SPEC = fileURLToPath(new URL("../../fixtures/specs/rt-link.yaml", import.meta.url));
const IF_LINK = "/usr/include/linux/if_link.h";

const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const fieldOf = (set: AttrSet<any>, name: string): Field<unknown> | undefined => (set as any).byName.get(name)?.field;

interface SpecAttr { name: string; value?: number; type?: string }

function specSets(): Map<string, Map<string, { n: number; type: string }>> {
  const y = (globalThis as any).Bun.YAML.parse(readFileSync(SPEC, "utf8"));
  const raw = new Map<string, any>(y["attribute-sets"].map((s: any) => [s.name, s]));
  const out = new Map<string, Map<string, { n: number; type: string }>>();
  const build = (name: string): Map<string, { n: number; type: string }> => {
    if (out.has(name)) return out.get(name)!;
    const s = raw.get(name);
    const m = new Map<string, { n: number; type: string }>();
    if (s["subset-of"]) {
      const parent = build(s["subset-of"]);
      for (const a of s.attributes as SpecAttr[]) m.set(a.name, { n: parent.get(a.name)!.n, type: a.type ?? parent.get(a.name)!.type });
    } else {
      let n = 0;
      for (const a of s.attributes as SpecAttr[]) {
        n = a.value ?? n + 1;
        m.set(a.name, { n, type: a.type ?? "" });
      }
    }
    out.set(name, m);
    return m;
  };
  for (const name of raw.keys()) build(name);
  return out;
}

/** Our set for each spec set. */
const PAIRS: Array<[string, AttrSet<any>]> = [
  ["link-attrs", L.linkAttrs],
  ["prop-list-link-attrs", L.propListAttrs],
  ["af-spec-attrs", L.afSpecAttrs],
  ["ifla-attrs", L.inetAttrs],
  ["ifla6-attrs", L.inet6Attrs],
  ["mctp-attrs", L.mctpAttrs],
  ["xdp-attrs", L.xdpAttrs],
  ["link-dpll-pin-attrs", L.dpllPinAttrs],
  ["linkinfo-bridge-attrs", L.bridgeData],
  ["linkinfo-brport-attrs", L.bridgePortData],
  ["linkinfo-bond-attrs", L.bondData],
  ["bond-ad-info-attrs", L.bondAdInfo],
  ["bond-slave-attrs", L.bondPortData],
  ["linkinfo-gre-attrs", L.greData],
  ["linkinfo-gre6-attrs", L.greData],
  ["linkinfo-vti-attrs", L.vtiData],
  ["linkinfo-vti6-attrs", L.vtiData],
  ["linkinfo-geneve-attrs", L.geneveData],
  ["linkinfo-iptun-attrs", L.iptunData],
  ["linkinfo-ip6tnl-attrs", L.ip6tnlData],
  ["linkinfo-tun-attrs", L.tunData],
  ["linkinfo-vlan-attrs", L.vlanData],
  ["ifla-vlan-qos", L.vlanQos],
  ["linkinfo-vrf-attrs", L.vrfData],
];

/**
 * Where the kernel's bytes differ from the spec's type, the codec follows
 * the kernel: bridge-port booleans are u8 0/1 (br_port_fill_attrs, and
 * iproute2 sends u8), IFLA_PROTO_DOWN_REASON is a nest, IFLA_PROTINFO and
 * IFLA_AF_SPEC depend on the family, obsolete strings are kept raw,
 * ifla6 conf is s32 (ipv6_store_devconf), inet6 statistics are positional.
 */
const TYPE_EXCEPTIONS = new Set([
  "link-attrs.cost", "link-attrs.priority", "link-attrs.wireless", "link-attrs.protinfo", "link-attrs.proto-down-reason",
  ...["mode", "guard", "protect", "fast-leave", "learning", "unicast-flood", "proxyarp", "learning-sync", "proxyarp-wifi",
    "mcast-flood", "mcast-to-ucast", "vlan-tunnel", "bcast-flood", "neigh-suppress", "isolated", "mrp-ring-open", "mrp-in-open",
    "locked", "mab", "neigh-vlan-suppress"].map((n) => `linkinfo-brport-attrs.${n}`),
]);

const SIZES: Record<string, number> = { u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, s64: 8, flag: 0 };

describe("link attribute sets match rt-link.yaml", () => {
  const sets = specSets();
  for (const [specName, ours] of PAIRS) {
    it(`${specName}: every attribute present with the spec's number and size`, () => {
      const spec = sets.get(specName)!;
      expect(spec, specName).toBeDefined();
      let checked = 0;
      for (const [name, { n, type }] of spec) {
        if (type === "pad") continue;
        const key = camel(name);
        const f = fieldOf(ours, key);
        expect(f, `${specName}.${name} (${key}) is in ${ours.name}`).toBeDefined();
        expect([key, f!.type]).toEqual([key, n]);
        const size = SIZES[type];
        if (size !== undefined && !TYPE_EXCEPTIONS.has(`${specName}.${name}`)) {
          const buf = new Uint8Array(8);
          expect(() => f!.decode(buf, new DataView(buf.buffer), 0, size, key), `${specName}.${name} decodes ${size} bytes`).not.toThrow();
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it("the bridge-port exceptions are real: the kernel's u8 booleans decode", () => {
    const b = new Uint8Array([1]);
    expect(fieldOf(L.bridgePortData, "learning")!.decode(b, new DataView(b.buffer), 0, 1, "x")).toBe(1);
  });
});

/** Names and values of the `enum { PREFIX_UNSPEC?, ... }` that holds `first` in a uapi header. */
function headerEnum(file: string, first: string, prefix: string): Map<string, number> {
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(`\t${first}`);
  if (at < 0) throw new Error(`${first} not in ${file}`);
  const body = text.slice(text.lastIndexOf("enum", at), text.indexOf("};", at));
  const out = new Map<string, number>();
  let n = -1;
  for (const line of body.split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*(?:=\s*([A-Z0-9_]+))?\s*,?/.exec(line.replace(/\/\*.*?\*\//g, ""));
    if (!m || line.trim().startsWith("#") || m[1] === "enum") continue;
    n = m[2] !== undefined ? (/^\d+$/.test(m[2]) ? Number(m[2]) : out.get(m[2].slice(prefix.length).toLowerCase()) ?? NaN) : n + 1;
    if (m[1]!.startsWith("__")) continue;
    if (!m[1]!.startsWith(prefix)) continue;
    out.set(m[1]!.slice(prefix.length).toLowerCase(), n);
  }
  return out;
}

const snakeToCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

describe("sets the spec does not cover match the uapi headers", () => {
  const cases: Array<[string, string, string, string, AttrSet<any>]> = [
    ["vxlan", IF_LINK, "IFLA_VXLAN_UNSPEC", "IFLA_VXLAN_", L.vxlanData],
    ["macvlan", IF_LINK, "IFLA_MACVLAN_UNSPEC", "IFLA_MACVLAN_", L.macvlanData],
    ["ipvlan", IF_LINK, "IFLA_IPVLAN_UNSPEC", "IFLA_IPVLAN_", L.ipvlanData],
    ["vrf port", IF_LINK, "IFLA_VRF_PORT_UNSPEC", "IFLA_VRF_PORT_", L.vrfPortData],
    ["proto down reason", IF_LINK, "IFLA_PROTO_DOWN_REASON_UNSPEC", "IFLA_PROTO_DOWN_REASON_", L.protoDownReasonAttrs],
    ["bridge af-spec", "/usr/include/linux/if_bridge.h", "IFLA_BRIDGE_FLAGS", "IFLA_BRIDGE_", L.bridgeAfSpecAttrs],
  ];
  for (const [what, file, first, prefix, ours] of cases) {
    it(`${what}: ${prefix}* numbers`, () => {
      const e = headerEnum(file, first, prefix);
      let checked = 0;
      for (const [name, n] of e) {
        if (name === "unspec" || name === "pad" || name.startsWith("max") || name.endsWith("_cnt") || name === "count") continue;
        const key = snakeToCamel(name);
        const f = fieldOf(ours, key);
        expect(f, `${prefix}${name.toUpperCase()} (${key}) is in ${ours.name}`).toBeDefined();
        expect([key, f!.type]).toEqual([key, n]);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it("IFLA_INFO_* and VETH_INFO_PEER", () => {
    const info = headerEnum(IF_LINK, "IFLA_INFO_UNSPEC", "IFLA_INFO_");
    expect([info.get("kind"), info.get("data"), info.get("xstats"), info.get("slave_kind"), info.get("slave_data")])
      .toEqual([L.IFLA_INFO_KIND, L.IFLA_INFO_DATA, L.IFLA_INFO_XSTATS, L.IFLA_INFO_SLAVE_KIND, L.IFLA_INFO_SLAVE_DATA]);
    expect(headerEnum("/usr/include/linux/veth.h", "VETH_INFO_UNSPEC", "VETH_INFO_").get("peer")).toBe(L.VETH_INFO_PEER);
  });

  it("IFLA_* of link-attrs as far as this machine's header goes", () => {
    const e = headerEnum(IF_LINK, "IFLA_UNSPEC", "IFLA_");
    for (const [name, n] of e) {
      if (["unspec", "pad", "if_netnsid"].includes(name)) continue;
      const key = snakeToCamel(name);
      expect([key, fieldOf(L.linkAttrs, key)?.type]).toEqual([key, n]);
    }
    for (const [k, v] of Object.entries(L.IFLA)) expect([k, v]).toEqual([k, e.get(k.toLowerCase())]);
  });
});
