/**
 * `action csum|nat|simple|connmark ...` as tc 6.1 parses them (m_csum.c,
 * m_nat.c, m_simple.c, m_connmark.c). Their loops start at the kind word
 * itself and take it again later (`csum iph csum tcp`, `nat ... nat ...`),
 * so the cursor starts there; then the control verdict and `index N` as
 * each kind reads them, with its own messages.
 */
import { matches } from "../args.ts";
import { AF } from "../context.ts";
import { parsePrefixArg } from "../prefix.ts";
import { getU32Dec } from "./action-control.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords, type ActionWords } from "./action-words.ts";

/** m_csum.c explain(). */
export const CSUM_EXPLAIN = "Usage: ... csum <UPDATE>\n" +
  "Where: UPDATE := <TARGET> [<UPDATE>]\n" +
  "       TARGET := { ip4h | icmp | igmp | tcp | udp | udplite | sctp | <SWEETS> }\n" +
  "       SWEETS := { and | or | '+' }\n";
/** m_nat.c explain(). */
export const NAT_EXPLAIN = "Usage: ... nat NAT\n" +
  "NAT := DIRECTION OLD NEW\n" +
  "DIRECTION := { ingress | egress }\n" +
  "OLD := PREFIX\n" +
  "NEW := ADDRESS\n";
/** m_simple.c explain(). */
export const SIMPLE_EXPLAIN = "Usage:... simple [sdata STRING] [index INDEX] [CONTROL]\n" +
  "\tSTRING being an arbitrary string\n" +
  "\tINDEX := optional index value used\n" +
  "\tCONTROL := reclassify|pipe|drop|continue|ok\n";
/** m_connmark.c explain(). */
export const CONNMARK_EXPLAIN = "Usage: ... connmark [zone ZONE] [CONTROL] [index <INDEX>]\n" +
  "where :\n" +
  "\tZONE is the conntrack zone\n" +
  "\tCONTROL := reclassify | pipe | drop | continue | ok |\n" +
  "\t           goto chain <CHAIN_INDEX>\n";

const usage = (text: string) => new ActionExit(text, 255, true);

/** A cursor at the kind word (these parsers read it themselves). */
const atKind = (a: string[], i: { i: number }): ActionWords => actionWords(a, { i: i.i - 1 }, i.i - 1);

/** `index N` with `msg(N)` on a bad number. */
function index(c: ActionWords, spec: Record<string, unknown>, msg: (v: string) => string): boolean {
  if (!c.is("index")) return false;
  const v = c.next();
  const n = getU32Dec(v);
  if (n === undefined) throw c.fail(msg(v));
  spec.index = n;
  c.p++;
  return true;
}

const CSUM_TARGETS: Array<[string[], string]> = [
  [["iph", "ip4h", "ipv4h"], "iph"], [["icmp"], "icmp"], [["igmp"], "igmp"], [["tcp"], "tcp"], [["udp"], "udp"], [["udplite"], "udplite"], [["sctp"], "sctp"],
];

/** m_csum.c parse_csum: csum TARGET... (and, or, + ignored) [csum ...], then the verdict (pass by default) and index. */
export function parseCsum(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  const update: string[] = [];
  while (!c.done()) {
    if (c.is("csum")) {
      c.next();
      while (!c.done()) {
        const w = c.peek()!;
        const t = CSUM_TARGETS.find(([names]) => names.some((n) => matches(w, n)));
        if (t !== undefined) { if (!update.includes(t[1])) update.push(t[1]); }
        else if (!["and", "or", "+"].some((n) => matches(w, n))) break;
        c.p++;
      }
    } else if (c.is("help")) throw usage(CSUM_EXPLAIN);
    else break;
  }
  if (update.length === 0) throw c.fail("Illegal csum construct, empty <UPDATE> list\n");
  spec.update = update;
  c.control(spec);
  index(c, spec, (v) => `Illegal "index" (${v}) <csum>\n`);
  c.end(i);
}

/** m_nat.c parse_nat: nat DIRECTION OLD NEW [nat ...], then the verdict (pass by default) and index. */
export function parseNat(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  let ok = 0;
  while (!c.done()) {
    if (c.is("nat")) {
      const dirWord = c.next();
      const bad = () => c.fail(`Illegal nat construct (${dirWord})\n${NAT_EXPLAIN}`);
      if (matches(dirWord, "egress")) spec.direction = "egress";
      else if (!matches(dirWord, "ingress")) throw bad();
      else spec.direction ??= "ingress"; // the egress flag is or-ed in: a later "ingress" keeps it
      const old = parsePrefixArg(c.next(), AF.INET);
      if (old === undefined || old.bytes.length !== 4) throw bad();
      const neu = parsePrefixArg(c.next(), AF.INET);
      if (neu === undefined || neu.bytes.length !== 4) throw bad();
      // htonl(~0u << (32 - bitlen)): a shift by 32 leaves ~0u on x86, so /0 is tc's /32
      spec.old = `${[...old.bytes].join(".")}/${old.bitlen === 0 ? 32 : old.bitlen}`;
      spec.new = [...neu.bytes].join(".");
      c.p++;
      ok++;
    } else if (c.is("help")) throw usage(NAT_EXPLAIN);
    else break;
  }
  if (!ok) throw c.fail(NAT_EXPLAIN);
  c.control(spec);
  index(c, spec, () => 'Nat: Illegal "index"\n');
  c.end(i);
}

/** m_simple.c parse_simple: [simple] sdata STRING ..., then the verdict (pipe by default) and index; sdata or index needed. */
export function parseSimple(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  let ok = 0;
  while (!c.done()) {
    if (c.is("simple")) c.next();
    else if (c.is("sdata")) {
      spec.sdata = c.next();
      ok++;
      c.p++;
    } else if (c.is("help")) throw usage(SIMPLE_EXPLAIN);
    else break;
  }
  c.control(spec);
  if (index(c, spec, (v) => `simple: Illegal "index" (${v})\n`)) ok++;
  if (!ok) throw c.fail(SIMPLE_EXPLAIN);
  const s = spec.sdata as string | undefined;
  const len = s === undefined ? 0 : new TextEncoder().encode(s).length;
  if (len > 31) throw c.fail(`simple: Illegal string len ${len} <${s}>\n`);
  c.end(i);
}

/** m_connmark.c parse_connmark: [zone ZONE] (base 10), then the verdict (pipe by default) and index. */
export function parseConnmark(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = atKind(a, i);
  while (!c.done()) {
    if (c.is("connmark")) c.p++;
    else if (c.is("help")) throw usage(CONNMARK_EXPLAIN);
    else break;
  }
  if (c.is("zone")) {
    const n = getU32Dec(c.next());
    if (n === undefined || n > 0xffff) throw c.fail('connmark: Illegal "zone"\n');
    spec.zone = n;
    c.p++;
  }
  c.control(spec);
  index(c, spec, () => 'connmark: Illegal "index"\n');
  c.end(i);
}
