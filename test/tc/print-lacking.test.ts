/**
 * `show` output of kinds this kernel lacks (netem, fq_codel, fq, sfq
 * qdiscs; gact, police, skbedit actions). The kernel cannot produce them
 * here, so the dump messages are tc's own requests (fixtures/tc/iproute2,
 * captured with strace), decoded and fed to the printers; the header is
 * patched as a dump has it (handle 1:, refcnt 1). What a real kernel adds
 * (defaults it fills in, counters) is not covered.
 *
 * Expected texts: derived by hand, field by field, from the print functions
 * of iproute2 6.1 (tag v6.1.0): q_netem.c netem_print_opt (__print_percent
 * "%g%%", print_corr, sprint_ticks), q_fq_codel.c fq_codel_print_opt,
 * q_fq.c fq_print_opt, q_sfq.c sfq_print_opt, m_action.c tc_dump_action and
 * tc_print_one_action, m_gact.c print_gact (CONFIG_GACT_PROB), m_police.c
 * print_police (kind in JSON only, " police 0x%x ", two control_action keys
 * in JSON when TCA_POLICE_RESULT is present), m_skbedit.c print_skbedit;
 * lib/json_print.c (print_hex as "%x" strings in JSON, print_size as a
 * number in JSON, print_float as "%g").
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { filterMessage, qdiscMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { printActions } from "../../cli/tc/print-action.ts";
import { printQdisc } from "../../cli/tc/print-qdisc.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { toFilter, toQdisc, type TcQdisc } from "../../lib/rtnl/tc/model.ts";
import type { TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";

const ctx = (over: Partial<TcShowCtx> = {}): TcShowCtx => ({ stats: 0, details: 0, raw: 0, iec: false, pretty: false, name: (i) => `if${i}`, ...over });

function request(name: string, type: number): Uint8Array {
  const cap = readTcCapture(name);
  const [m] = messagesOf(cap.requests.map((h) => fromHex(h)), [type]);
  if (m === undefined) throw new Error(`${name}: no message of type ${type}`);
  return m;
}

/** tc's RTM_NEWQDISC request as a dump entry: handle 1:, refcnt 1. */
function qdiscOf(name: string): TcQdisc {
  const m = request(name, RTM_TC.NEWQDISC);
  const msg = qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);
  return toQdisc({ ...msg, handle: 0x10000, info: 1 });
}

function actionsOf(name: string): TcActionSpec[] {
  const m = request(name, RTM_TC.NEWTFILTER);
  const f = toFilter(filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length));
  return (f.options as { actions: TcActionSpec[] }).actions;
}

function show(q: TcQdisc, json: boolean, c = ctx()): string {
  const p = new Printer({ json, pretty: false, oneline: false });
  printQdisc(p, q, c, false);
  return p.take();
}

function acts(list: TcActionSpec[], json: boolean): string {
  const p = new Printer({ json, pretty: false, oneline: false });
  if (json) p.obj();
  printActions(p, list, ctx());
  if (json) p.endObj();
  return p.take();
}

describe("tc show of kinds this kernel lacks (printers fed tc's own requests)", () => {
  it("netem delay 100ms 10ms loss 1% limit 2000", () => {
    const q = qdiscOf("tc-qdisc-add-netem");
    expect(show(q, false)).toBe("qdisc netem 1: root limit 2000 delay 100ms  10ms loss 1%\n");
    expect(show(q, true)).toBe('{"kind":"netem","handle":"1:","root":true,"options":{"limit":2000,"delay":{"delay":0.1,"jitter":0.01,"correlation":0},"loss-random":{"loss":0.01,"correlation":0},"ecn":false,"gap":0}}');
  });

  it("netem delay 10ms reorder 25% 50% rate 1mbit", () => {
    const q = qdiscOf("tc-qdisc-add-netem-reorder");
    expect(show(q, false)).toBe("qdisc netem 1: root limit 1000 delay 10ms reorder 25% 50% rate 1Mbit gap 1\n");
    expect(show(q, true)).toBe('{"kind":"netem","handle":"1:","root":true,"options":{"limit":1000,"delay":{"delay":0.01,"jitter":0,"correlation":0},"reorder":{"reorder":0.25,"correlation":0.5},"rate":{"rate":125000,"packetoverhead":0,"cellsize":0,"celloverhead":0},"ecn":false,"gap":1}}');
  });

  it("fq_codel limit 1000 flows 1024 target 5ms interval 100ms ecn", () => {
    const q = qdiscOf("tc-qdisc-add-fq-codel");
    expect(show(q, false)).toBe("qdisc fq_codel 1: root limit 1000p flows 1024 target 5ms interval 100ms ecn \n");
    expect(show(q, true)).toBe('{"kind":"fq_codel","handle":"1:","root":true,"options":{"limit":1000,"flows":1024,"target":5000,"interval":100000,"ecn":true}}');
  });

  it("sfq perturb 10 (tc sends tc_sfq_qopt_v1 with zeros the kernel would fill)", () => {
    const q = qdiscOf("tc-qdisc-add-sfq");
    expect(show(q, false)).toBe("qdisc sfq 1: root limit 0p quantum 0b divisor 0 perturb 10sec \n");
    expect(show(q, false, ctx({ details: 1 }))).toBe("qdisc sfq 1: root limit 0p quantum 0b flows 0 divisor 0 perturb 10sec \n");
    expect(show(q, true)).toBe('{"kind":"sfq","handle":"1:","root":true,"options":{"limit":0,"quantum":0,"divisor":0,"perturb":10}}');
  });

  it("fq with no options", () => {
    const q = qdiscOf("tc-qdisc-add-fq");
    expect(show(q, false)).toBe("qdisc fq 1: root \n");
  });

  it("gact drop", () => {
    const a = actionsOf("tc-filter-add-matchall-gact");
    expect(acts(a, false)).toBe("\n\taction order 1: gact action drop\n\t random type none pass val 0\n\t index 0 ref 0 bind 0\n");
    expect(acts(a, true)).toBe('{"actions":[{"order":1,"kind":"gact","control_action":{"type":"drop"},"prob":{"random_type":"none","control_action":{"type":"pass"},"val":0},"index":0,"ref":0,"bind":0}]}');
  });

  it("police rate 1mbit burst 10k conform-exceed drop/pipe", () => {
    const a = actionsOf("tc-filter-add-matchall-police");
    expect(acts(a, false)).toBe("\n\taction order 1:  police 0x0 rate 1Mbit burst 10Kb mtu 0b action drop/pipe overhead 0b \n\tref 0 bind 0 \n");
    expect(acts(a, true)).toBe('{"actions":[{"order":1,"kind":"police","index":0,"control_action":{"type":"drop"},"control_action":{"type":"pipe"},"overhead":0,"ref":0,"bind":0}]}');
  });

  it("skbedit mark 7 priority 1:20", () => {
    const a = actionsOf("tc-filter-add-matchall-skbedit");
    expect(acts(a, false)).toBe("\n\taction order 1: skbedit  priority 1:20 mark 7 pipe\n\t index 0 ref 0 bind 0\n");
    expect(acts(a, true)).toBe('{"actions":[{"order":1,"kind":"skbedit","priority":"1:20","mark":7,"control_action":{"type":"pipe"},"index":0,"ref":0,"bind":0}]}');
  });
});
