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
});
