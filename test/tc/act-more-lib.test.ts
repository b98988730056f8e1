/**
 * nl.tc's added action kinds as a library: bad input refused before any
 * request with the field named, and specs read back as given (spec ->
 * TCA_ACT_* entry -> kernel-layout bytes -> decode -> spec).
 */
import { describe, expect, it } from "vitest";
import { NlWriter } from "../../codecs/core/writer.ts";
import { actionsField } from "../../codecs/tc/actions.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { actionsFromWire, actionsToWire, type TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";

const add = (t: TcApi, a: Record<string, unknown>) => t.actions.add([a as unknown as TcActionSpec]);

const CASES: RefusalCase<[TcApi]>[] = [
  ["vlan action name", (t) => add(t, { kind: "vlan", action: "shove" }), TypeError, /^actions\[0\]\.action: expected one of pop, push, modify, pop_eth, push_eth, got "shove"/],
  ["vlan push without id", (t) => add(t, { kind: "vlan", action: "push" }), TypeError, /^actions\[0\]\.id: required for push/],
  ["vlan pop with id", (t) => add(t, { kind: "vlan", action: "pop", id: 3 }), TypeError, /^actions\[0\]\.id: only valid for push\/modify/],
  ["vlan id range", (t) => add(t, { kind: "vlan", action: "push", id: 70000 }), RangeError, /^actions\[0\]\.id: 70000 is out of range 0\.\.65535/],
  ["vlan priority range", (t) => add(t, { kind: "vlan", action: "modify", id: 1, priority: 8 }), RangeError, /^actions\[0\]\.priority: 8 is out of range 0\.\.7/],
  ["vlan protocol", (t) => add(t, { kind: "vlan", action: "push", id: 1, protocol: "ip" }), TypeError, /^actions\[0\]\.protocol: expected "802\.1Q" or "802\.1ad", got "ip"/],
  ["vlan push_eth without src", (t) => add(t, { kind: "vlan", action: "push_eth", dstMac: "02:00:00:00:00:01" }), TypeError, /^actions\[0\]\.srcMac: required for push_eth/],
  ["vlan push_eth mac", (t) => add(t, { kind: "vlan", action: "push_eth", dstMac: "02:00:00:00:01", srcMac: "02:00:00:00:00:01" }), RangeError, /^actions\[0\]\.dstMac: expected 6 bytes, got 5/],
  ["vlan verdict", (t) => add(t, { kind: "vlan", action: "pop", verdict: "bounce" }), TypeError, /^actions\[0\]\.verdict: unknown verdict "bounce"/],
  ["vlan index", (t) => add(t, { kind: "vlan", action: "pop", index: -1 }), RangeError, /^actions\[0\]\.index: -1 is out of range/],
  ["tunnel_key action", (t) => add(t, { kind: "tunnel_key", action: "release" }), TypeError, /^actions\[0\]\.action: expected "set" or "unset"/],
  ["tunnel_key set without dst", (t) => add(t, { kind: "tunnel_key", action: "set", srcIp: "192.0.2.1" }), TypeError, /^actions\[0\]\.dstIp: required with set/],
  ["tunnel_key address", (t) => add(t, { kind: "tunnel_key", action: "set", srcIp: "192.0.2.300", dstIp: "192.0.2.1" }), TypeError, /^actions\[0\]\.srcIp/],
  ["tunnel_key id", (t) => add(t, { kind: "tunnel_key", action: "unset", id: 2 ** 32 }), RangeError, /^actions\[0\]\.id: 4294967296 is out of range/],
  ["tunnel_key port", (t) => add(t, { kind: "tunnel_key", action: "unset", dstPort: 65536 }), RangeError, /^actions\[0\]\.dstPort: 65536 is out of range/],
  ["tunnel_key two option kinds", (t) => add(t, { kind: "tunnel_key", action: "unset", vxlanOpts: { gbp: 1 }, erspanOpts: { ver: 1 } }), TypeError, /^actions\[0\]\.erspanOpts: only one of geneveOpts, vxlanOpts, erspanOpts/],
  ["tunnel_key geneve data", (t) => add(t, { kind: "tunnel_key", action: "unset", geneveOpts: [{ class: 1, type: 2, data: "abc" }] }), TypeError, /^actions\[0\]\.geneveOpts\[0\]\.data: expected bytes as hex/],
  ["tunnel_key geneve class", (t) => add(t, { kind: "tunnel_key", action: "unset", geneveOpts: [{ class: 0x10000 }] }), RangeError, /^actions\[0\]\.geneveOpts\[0\]\.class: 65536 is out of range/],
  ["tunnel_key tos", (t) => add(t, { kind: "tunnel_key", action: "unset", tos: 256 }), RangeError, /^actions\[0\]\.tos: 256 is out of range/],
  ["tunnel_key csum", (t) => add(t, { kind: "tunnel_key", action: "unset", csum: "no" }), TypeError, /^actions\[0\]\.csum: expected a boolean/],
  ["csum empty", (t) => add(t, { kind: "csum", update: [] }), TypeError, /^actions\[0\]\.update: expected a non-empty array of iph, icmp/],
  ["csum target", (t) => add(t, { kind: "csum", update: ["tcp", "ipv6"] }), TypeError, /^actions\[0\]\.update\[1\]: expected one of iph, .* got "ipv6"/],
  ["nat direction", (t) => add(t, { kind: "nat", direction: "both", old: "192.0.2.1", new: "192.0.2.2" }), TypeError, /^actions\[0\]\.direction: expected "ingress" or "egress"/],
  ["nat old", (t) => add(t, { kind: "nat", direction: "ingress", old: "192.0.2.0/33", new: "192.0.2.2" }), RangeError, /^actions\[0\]\.old: prefix length 33 is out of range/],
  ["nat new", (t) => add(t, { kind: "nat", direction: "ingress", old: "192.0.2.0/24", new: "2001:db8::1" }), TypeError, /^actions\[0\]\.new/],
  ["simple sdata", (t) => add(t, { kind: "simple", sdata: "x".repeat(32) }), RangeError, /^actions\[0\]\.sdata: at most 31 bytes/],
  ["connmark zone", (t) => add(t, { kind: "connmark", zone: 65536 }), RangeError, /^actions\[0\]\.zone: 65536 is out of range 0\.\.65535/],
  ["ct clear with commit", (t) => add(t, { kind: "ct", clear: true, commit: true }), TypeError, /^actions\[0\]\.clear: clear can only be used alone/],
  ["ct commit nat without type", (t) => add(t, { kind: "ct", commit: true, nat: {} }), TypeError, /^actions\[0\]\.nat\.type: commit and nat must set src or dst/],
  ["ct src nat without commit", (t) => add(t, { kind: "ct", nat: { type: "src", addr: "192.0.2.1" } }), TypeError, /^actions\[0\]\.commit: src or dst nat is only valid with commit/],
  ["ct nat type", (t) => add(t, { kind: "ct", commit: true, nat: { type: "both" } }), TypeError, /^actions\[0\]\.nat\.type: expected "src" or "dst"/],
  ["ct nat families", (t) => add(t, { kind: "ct", commit: true, nat: { type: "src", addr: "192.0.2.1", addrMax: "2001:db8::1" } }), TypeError, /^actions\[0\]\.nat\.addrMax: not the family of addr/],
  ["ct nat port without addr", (t) => add(t, { kind: "ct", commit: true, nat: { type: "dst", port: 80 } }), TypeError, /^actions\[0\]\.nat\.addr: required with a port/],
  ["ct label", (t) => add(t, { kind: "ct", label: "xyz" }), TypeError, /^actions\[0\]\.label: expected up to 16 bytes as hex/],
  ["ct zone", (t) => add(t, { kind: "ct", zone: -1 }), RangeError, /^actions\[0\]\.zone: -1 is out of range/],
  ["ct markMask without mark", (t) => add(t, { kind: "ct", markMask: 1 }), TypeError, /^actions\[0\]\.mark: required with markMask/],
  ["skbmod nothing", (t) => add(t, { kind: "skbmod" }), TypeError, /^actions\[0\]: skbmod needs dmac, smac, etype, swapMac or ecn/],
  ["skbmod dmac", (t) => add(t, { kind: "skbmod", dmac: "02:00" }), RangeError, /^actions\[0\]\.dmac: expected 6 bytes/],
  ["skbmod etype", (t) => add(t, { kind: "skbmod", etype: 0x10000 }), RangeError, /^actions\[0\]\.etype: 65536 is out of range/],
  ["sample without group", (t) => add(t, { kind: "sample", rate: 10 }), TypeError, /^actions\[0\]\.group: required/],
  ["sample rate", (t) => add(t, { kind: "sample", rate: -1, group: 1 }), RangeError, /^actions\[0\]\.rate: -1 is out of range/],
  ["mpls action", (t) => add(t, { kind: "mpls", action: "swap" }), TypeError, /^actions\[0\]\.action: expected one of pop, push/],
  ["mpls push without label", (t) => add(t, { kind: "mpls", action: "push" }), TypeError, /^actions\[0\]\.label: required for push/],
  ["mpls pop without protocol", (t) => add(t, { kind: "mpls", action: "pop" }), TypeError, /^actions\[0\]\.protocol: required for pop/],
  ["mpls label range", (t) => add(t, { kind: "mpls", action: "modify", label: 0x100000 }), RangeError, /^actions\[0\]\.label: 1048576 is out of range/],
  ["mpls ttl 0", (t) => add(t, { kind: "mpls", action: "modify", ttl: 0 }), RangeError, /^actions\[0\]\.ttl: 0 is out of range 1\.\.255/],
  ["mpls pop with label", (t) => add(t, { kind: "mpls", action: "pop", protocol: "ip", label: 1 }), TypeError, /^actions\[0\]\.label: only valid for push, mac_push and modify/],
  ["mpls push protocol", (t) => add(t, { kind: "mpls", action: "push", label: 1, protocol: "ip" }), TypeError, /^actions\[0\]\.protocol: push takes mpls_uc or mpls_mc/],
  ["ctinfo overlap", (t) => add(t, { kind: "ctinfo", dscpMask: 0xfc000000, dscpStatemask: 0x04000000 }), TypeError, /^actions\[0\]\.dscpStatemask: dscp mask & statemask must not overlap/],
  ["ctinfo dscp bits", (t) => add(t, { kind: "ctinfo", dscpMask: 0xf0000000 }), TypeError, /^actions\[0\]\.dscpMask: must be 6 contiguous bits long/],
];

describe("nl.tc added action kinds: bad input refused before any request", () => {
  itRefusesBeforeAnySyscall(CASES, (conn) => [new TcApi(conn)]);
});

/** spec -> entries -> bytes (kernel layout) -> entries -> spec. */
function roundTrip(specs: Array<Record<string, unknown>>): TcActionSpec[] {
  const field = actionsField(1);
  const w = new NlWriter();
  field.encode(w, actionsToWire(specs, "actions", () => 1), "actions");
  const b = w.buf.slice(0, w.pos);
  return actionsFromWire(field.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length, "actions"))!;
}

/** The given specs with `order` and the defaults the kernel-side shape adds. */
const readBack = (specs: Array<Record<string, unknown>>, dflt: Record<string, unknown>) =>
  specs.map((s, i) => ({ verdict: "pipe", ...dflt, ...s, order: i + 1, index: s.index ?? 0, refcnt: 0, bindcnt: 0 }));

describe("nl.tc added action kinds: specs read back as given", () => {
  it("vlan", () => {
    const specs = [
      { kind: "vlan", action: "pop" },
      { kind: "vlan", action: "push", id: 5, protocol: "802.1ad", priority: 3, verdict: "goto chain 4", index: 9 },
      { kind: "vlan", action: "modify", id: 4094, protocol: "802.1Q", verdict: "drop" },
      { kind: "vlan", action: "pop_eth", verdict: "pass" },
      { kind: "vlan", action: "push_eth", dstMac: "02:00:00:00:00:01", srcMac: "0a:0b:0c:0d:0e:0f", verdict: "jump 2" },
    ];
    expect(roundTrip(specs)).toEqual(readBack(specs, {}));
  });

  it("tunnel_key", () => {
    const specs = [
      { kind: "tunnel_key", action: "set", srcIp: "192.0.2.1", dstIp: "192.0.2.2", id: 42, dstPort: 4789, csum: true },
      { kind: "tunnel_key", action: "set", dstIp: "2001:db8::2", srcIp: "2001:db8::1", geneveOpts: [{ class: 0x102, type: 0x80, data: "00880022" }, { class: 1, type: 2, data: "0102030405060708" }], tos: 4, ttl: 64, csum: false, verdict: "drop" },
      { kind: "tunnel_key", action: "set", srcIp: "198.51.100.1", dstIp: "198.51.100.2", vxlanOpts: { gbp: 0x800ff }, csum: true },
      { kind: "tunnel_key", action: "set", srcIp: "198.51.100.1", dstIp: "198.51.100.2", erspanOpts: { ver: 2, dir: 1, hwid: 7 }, csum: true, verdict: "goto chain 1" },
      { kind: "tunnel_key", action: "unset", csum: true, index: 3 },
    ];
    expect(roundTrip(specs)).toEqual(readBack(specs, {}));
  });

  it("csum, nat, simple, connmark", () => {
    const specs = [
      { kind: "csum", update: ["iph", "tcp", "udp"], verdict: "pass" },
      { kind: "nat", direction: "egress", old: "192.0.2.0/24", new: "198.51.100.1", verdict: "pass" },
      { kind: "nat", direction: "ingress", old: "192.0.2.0", mask: 0xff00ff00, new: "198.51.100.1", verdict: "drop" },
      { kind: "nat", direction: "ingress", old: "0.0.0.0/0", new: "198.51.100.1", verdict: "pass" },
      { kind: "simple", sdata: "hello", index: 4 },
      { kind: "connmark", zone: 7, verdict: "goto chain 3" },
    ];
    expect(roundTrip(specs)).toEqual(readBack(specs, {}));
  });

  it("ct", () => {
    const specs = [
      { kind: "ct", clear: true },
      { kind: "ct", commit: true, force: true, zone: 5, mark: 0x42, markMask: 0xf0, nat: { type: "src", addr: "192.0.2.1", addrMax: "192.0.2.9", port: 1000, portMax: 2000 }, verdict: "drop" },
      { kind: "ct", commit: true, nat: { type: "dst", addr: "2001:db8::1", port: 80 }, label: "0102", labelMask: "ff00" },
      { kind: "ct", nat: {}, zone: 3, label: "00112233445566778899aabbccddeeff" },
    ];
    expect(roundTrip(specs)).toEqual(readBack(specs, {}));
  });

  it("skbmod, sample, mpls, ctinfo", () => {
    const specs = [
      { kind: "skbmod", dmac: "02:00:00:00:00:01", etype: 0x800, smac: "02:00:00:00:00:02", swapMac: true, ecn: true },
      { kind: "sample", rate: 100, group: 5, trunc: 128, verdict: "drop" },
      { kind: "mpls", action: "push", protocol: "mpls_mc", label: 20, tc: 3, ttl: 64, bos: 1 },
      { kind: "mpls", action: "pop", protocol: "ip" },
      { kind: "ctinfo", zone: 4, dscpMask: 0xfc000000, dscpStatemask: 0x01000000, cpmarkMask: 0xffffffff, verdict: "pass" },
    ];
    expect(roundTrip(specs)).toEqual(readBack(specs, {}));
  });
});
