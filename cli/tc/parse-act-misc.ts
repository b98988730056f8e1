/**
 * `action skbmod|sample|mpls|ctinfo ...` as tc 6.1 parses them (m_skbmod.c,
 * m_sample.c, m_mpls.c, m_ctinfo.c): their words, defaults, messages and
 * exit codes, then the control verdict (pipe by default) and `index N`.
 */
import { getUnsigned, matches } from "../args.ts";
import { invarg, missarg } from "../errors.ts";
import { formatMAC } from "../../codecs/ip/mac.ts";
import { getU32Dec } from "./action-control.ts";
import { noteAction } from "./action-notes.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords, type ActionWords } from "./action-words.ts";
import { llProtoA2n } from "./parse-vlan.ts";

/** m_skbmod.c skbmod_explain(). */
export const SKBMOD_EXPLAIN = "Usage:... skbmod { set <SETTABLE> | swap <SWAPPABLE> | ecn } [CONTROL] [index INDEX]\n" +
  "where SETTABLE is: [dmac DMAC] [smac SMAC] [etype ETYPE]\n" +
  "where SWAPPABLE is: \"mac\" to swap mac addresses\n" +
  "\tDMAC := 6 byte Destination MAC address\n" +
  "\tSMAC := optional 6 byte Source MAC address\n" +
  "\tETYPE := optional 16 bit ethertype\n" +
  "\tCONTROL := reclassify | pipe | drop | continue | ok |\n" +
  "\t           goto chain <CHAIN_INDEX>\n" +
  "\tINDEX := skbmod index value to use\n";
/** m_sample.c explain(). */
export const SAMPLE_EXPLAIN = "Usage: sample SAMPLE_CONF\n" +
  "where:\n" +
  "\tSAMPLE_CONF := SAMPLE_PARAMS | SAMPLE_INDEX\n" +
  "\tSAMPLE_PARAMS := rate RATE group GROUP [trunc SIZE] [SAMPLE_INDEX]\n" +
  "\tSAMPLE_INDEX := index INDEX\n" +
  "\tRATE := The ratio of packets observed at the data source to the samples generated.\n" +
  "\tGROUP := the psample sampling group\n" +
  "\tSIZE := the truncation size\n" +
  "\tINDEX := integer index of the sample action\n";
/** m_mpls.c explain(). */
export const MPLS_EXPLAIN = "Usage: mpls pop [ protocol MPLS_PROTO ] [CONTROL]\n" +
  "       mpls push [ protocol MPLS_PROTO ] [ label MPLS_LABEL ] [ tc MPLS_TC ]\n" +
  "                 [ ttl MPLS_TTL ] [ bos MPLS_BOS ] [CONTROL]\n" +
  "       mpls mac_push [ protocol MPLS_PROTO ] [ label MPLS_LABEL ] [ tc MPLS_TC ]\n" +
  "                     [ ttl MPLS_TTL ] [ bos MPLS_BOS ] [CONTROL]\n" +
  "       mpls modify [ label MPLS_LABEL ] [ tc MPLS_TC ] [ ttl MPLS_TTL ]\n" +
  "                   [ bos MPLS_BOS ] [CONTROL]\n" +
  "           for pop, MPLS_PROTO is next header of packet - e.g. ip or mpls_uc\n" +
  "           for push and mac_push, MPLS_PROTO is one of mpls_uc or mpls_mc\n" +
  "               with default: mpls_uc\n" +
  "       CONTROL := reclassify | pipe | drop | continue | pass |\n" +
  "                  goto chain <CHAIN_INDEX>\n";
/** m_ctinfo.c explain(). */
export const CTINFO_EXPLAIN = "Usage: ... ctinfo [dscp mask [statemask]] [cpmark [mask]] [zone ZONE] [CONTROL] [index <INDEX>]\n" +
  "where :\n" +
  "\tdscp   MASK bitmask location of stored DSCP\n" +
  "\t       STATEMASK bitmask to determine conditional restoring\n" +
  "\tcpmark MASK mask applied to mark on restoration\n" +
  "\tZONE is the conntrack zone\n" +
  "\tCONTROL := reclassify | pipe | drop | continue | ok |\n" +
  "\t           goto chain <CHAIN_INDEX>\n";

const exit = (e: Error) => new ActionExit(e.message, 255, true);
const atKind = (a: string[], i: { i: number }): ActionWords => actionWords(a, { i: i.i - 1 }, i.i - 1);

/** sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx") == 6: the six bytes (each strtoul base 16 of its digits, truncated), else undefined. */
function scanMac(s: string): string | undefined {
  const b: number[] = [];
  let p = 0;
  for (let k = 0; k < 6; k++) {
    if (k > 0) { if (s[p] !== ":") return undefined; p++; }
    const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s.slice(p));
    if (m === null) return undefined;
    let v = Number(BigInt(`0x${m[3]}`) & 0xffn);
    if (m[1] === "-") v = (256 - v) & 0xff;
    b.push(v);
    p += m[0].length;
  }
  return formatMAC(Uint8Array.from(b));
}

/** m_skbmod.c parse_skbmod: skbmod, swap and set are skipped; mac, etype, dmac, smac, ecn; then the verdict and index (base 0). */
export function parseSkbmod(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  let ok = 0;
  while (!c.done()) {
    const w = c.peek()!;
    if (matches(w, "skbmod") || matches(w, "swap") || matches(w, "set")) { c.next(); continue; }
    if (matches(w, "mac")) { spec.swapMac = true; ok++; }
    else if (matches(w, "etype")) {
      const v = c.next();
      const n = getUnsigned(v, 0xffff);
      if (n === undefined) throw exit(invarg("ethertype is invalid", v));
      noteAction(`skbmod etype 0x${n.toString(16)}\n`);
      spec.etype = n;
      ok++;
    } else if (matches(w, "dmac") || matches(w, "smac")) {
      const dst = matches(w, "dmac");
      const v = c.next();
      const m = scanMac(v);
      if (m === undefined) throw c.fail(dst ? `Invalid dst mac address ${v}\n` : `Invalid smac address ${v}\n`);
      noteAction(dst ? `dst MAC address <${v}>\n` : `src MAC address <${v}>\n`);
      spec[dst ? "dmac" : "smac"] = m;
      ok++;
    } else if (matches(w, "ecn")) { spec.ecn = true; ok++; }
    else if (matches(w, "help")) throw new ActionExit(SKBMOD_EXPLAIN, 255, true);
    else break;
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) {
    const n = getUnsigned(c.next());
    if (n === undefined) throw c.fail('skbmod: Illegal "index"\n');
    spec.index = n;
    c.p++;
    ok++;
  }
  if (!ok) throw new ActionExit(`skbmod requires at least one option\n${SKBMOD_EXPLAIN}`, 255, true);
  c.end(i);
}

/** m_sample.c parse_sample: rate, group, trunc (base 10); then the verdict and index; rate and group unless an index. */
export function parseSample(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  if (i.i >= a.length) throw new ActionExit(`sample bad argument count 1\n${SAMPLE_EXPLAIN}`, 255, true);
  const c = actionWords(a, i);
  const usage = (msg: string) => new ActionExit(msg + SAMPLE_EXPLAIN, 255, true);
  const WORDS: Array<[string, string, string]> = [["rate", "rate", "Illegal rate"], ["group", "group", "Illegal group num"], ["trunc", "trunc", "Illegal truncation size"]];
  while (!c.done()) {
    const w = c.peek()!;
    const hit = WORDS.find(([k]) => matches(w, k));
    if (hit) {
      const v = c.next();
      const n = getU32Dec(v);
      if (n === undefined) throw usage(`${hit[2]} ${v}\n`);
      spec[hit[1]] = n;
    } else if (matches(w, "help")) throw usage("");
    else break;
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) spec.index = c.index('sample: Illegal "index"\n');
  if (!spec.index && spec.group === undefined) throw usage('param "group" not set\n');
  if (!spec.index && spec.rate === undefined) throw usage('param "rate" not set\n');
  c.end(i);
}

const MPLS_ACTIONS = ["pop", "push", "modify", "mac_push", "dec_ttl"];

/** m_mpls.c parse_mpls: one operation, label/tc/ttl/bos (base 0) for push, mac_push, modify, protocol for push, mac_push, pop; then the verdict and index. */
export function parseMpls(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i);
  const { next } = c;
  let action = "";
  const fields = () => action === "push" || action === "mac_push" || action === "modify";
  const field = (w: string, name: string, max: number, ok: (n: number) => boolean, msg: string) => {
    if (!fields()) throw exit(invarg("only valid for push, mac_push and modify", w));
    const v = next();
    const n = getUnsigned(v, max);
    if (n === undefined || !ok(n)) throw exit(invarg(msg, v));
    spec[name] = n;
  };
  while (!c.done()) {
    const w = c.peek()!;
    const op = MPLS_ACTIONS.find((k) => matches(w, k));
    if (op !== undefined) {
      if (action) throw c.fail(`Error: got "${w}" but action already set to "${action}"\n${MPLS_EXPLAIN}`);
      action = op;
      spec.action = op;
    } else if (matches(w, "label")) field(w, "label", 0xffffffff, (n) => n <= 0xfffff, "label must be <=0xFFFFF");
    else if (matches(w, "tc")) field(w, "tc", 0xff, (n) => (n & ~7) === 0, "tc field is 3 bits max");
    else if (matches(w, "ttl")) field(w, "ttl", 0xff, (n) => n > 0, "ttl must be >0 and <=255");
    else if (matches(w, "bos")) field(w, "bos", 0xff, (n) => (n & ~1) === 0, "bos must be 0 or 1");
    else if (matches(w, "protocol")) {
      if (action !== "push" && action !== "mac_push" && action !== "pop") throw exit(invarg("only valid for push, mac_push and pop", w));
      const v = next();
      const proto = llProtoA2n(v);
      if (proto === undefined) throw exit(invarg("protocol is invalid", v));
      spec.protocol = proto;
    } else if (matches(w, "help")) throw new ActionExit(MPLS_EXPLAIN, 255, true);
    else break;
    c.p++;
  }
  if (!action) throw new ActionExit('Command line is not complete. Try option "help"\n', 255, true);
  c.control(spec);
  if (c.is("index")) {
    const v = next();
    const n = getU32Dec(v);
    if (n === undefined) throw exit(invarg("illegal index", v));
    spec.index = n;
    c.p++;
  }
  if (action === "push" && spec.label === undefined) throw exit(missarg("label"));
  const proto = (spec.protocol as number | undefined) ?? 0;
  if ((action === "push" || action === "mac_push") && proto && proto !== 0x8847 && proto !== 0x8848) {
    throw c.fail(`invalid ${action === "mac_push" ? "mac_" : ""}push protocol "0x${proto.toString(16).padStart(4, "0")}" - use mpls_(uc|mc)\n`);
  }
  if (action === "pop" && !proto) throw exit(missarg("protocol"));
  if (proto === 0) delete spec.protocol;
  c.end(i);
}

/** get_u32 base 0. */
const u32 = (v: string | undefined) => (v === undefined ? undefined : getUnsigned(v));

/** m_ctinfo.c parse_ctinfo: [dscp MASK [STATEMASK]] [cpmark [MASK]] [zone ZONE], the verdict, index; tc's mask checks. */
export function parseCtinfo(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  while (!c.done()) {
    if (c.is("ctinfo")) c.p++;
    else if (c.is("help")) throw new ActionExit(CTINFO_EXPLAIN, 255, true);
    else break;
  }
  if (c.is("dscp")) {
    const m = u32(c.next());
    if (m === undefined) throw c.fail('ctinfo: Illegal dscp "mask"\n');
    spec.dscpMask = m;
    c.p++;
    const s = u32(c.peek());
    if (s !== undefined) { spec.dscpStatemask = s; c.p++; }
  }
  if (c.is("cpmark")) {
    spec.cpmarkMask = 0xffffffff;
    c.p++;
    const m = u32(c.peek());
    if (m !== undefined) { spec.cpmarkMask = m; c.p++; }
  }
  if (c.is("zone")) {
    const n = getU32Dec(c.next());
    if (n === undefined || n > 0xffff) throw c.fail('ctinfo: Illegal "zone"\n');
    spec.zone = n;
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) spec.index = c.index('ctinfo: Illegal "index"\n');
  const dscp = (spec.dscpMask as number | undefined) ?? 0, state = (spec.dscpStatemask as number | undefined) ?? 0;
  if ((dscp & state) >>> 0) throw c.fail("ctinfo: dscp mask & statemask must NOT overlap\n");
  if (dscp && (dscp >>> (31 - Math.clz32(dscp & -dscp))) !== 0x3f) throw c.fail("ctinfo: dscp mask must be 6 contiguous bits long\n");
  c.end(i);
}
