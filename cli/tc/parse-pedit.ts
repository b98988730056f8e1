/**
 * `action pedit ...` as tc 6.1 parses it (tc/m_pedit.c parse_pedit,
 * parse_munge, parse_offset, parse_cmd and the pack_key* helpers): `pedit
 * [ex] munge offset N u8|u16|u32 [at A offmask M shift S] CMD [retain R]`
 * or `munge HEADER FIELD CMD` (parse-pedit-hdr.ts), repeated, then the
 * control verdict (pass by default) and `index N`. Each C function's
 * argc/argv bookkeeping is kept, since "Bad pedit construct (WORD)" names
 * whatever word parse_munge was left at. Keys are built in tc's host-order
 * numbers and handed to nl.tc in its layout (the network-order words read
 * in host order).
 */
import { getInteger, matches } from "../args.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";
import { headerParser } from "./parse-pedit-hdr.ts";
import { getU32, nextArg, parseCmd, u32, VType, type MKey, type PeditState, type Step } from "./parse-pedit-cmd.ts";

/** m_pedit.c explain(). */
export const PEDIT_EXPLAIN = "Usage: ... pedit munge [ex] <MUNGE> [CONTROL]\n" +
  "Where: MUNGE := <RAW>|<LAYERED>\n" +
  "\t<RAW>:= <OFFSETC>[ATC]<CMD>\n \t\tOFFSETC:= offset <offval> <u8|u16|u32>\n" +
  "\t\tATC:= at <atval> offmask <maskval> shift <shiftval>\n" +
  "\t\tNOTE: offval is byte offset, must be multiple of 4\n" +
  "\t\tNOTE: maskval is a 32 bit hex number\n \t\tNOTE: shiftval is a shift value\n" +
  "\t\tCMD:= clear | invert | set <setval> | add <addval> | decrement | retain\n" +
  "\t<LAYERED>:= ip <ipdata> | ip6 <ip6data>\n" +
  " \t\t| udp <udpdata> | tcp <tcpdata> | icmp <icmpdata>\n" +
  "\tCONTROL:= reclassify | pipe | drop | continue | pass |\n" +
  "\t          goto chain <CHAIN_INDEX>\n" +
  "\tNOTE: if 'ex' is set, extended functionality will be supported (kernel >= 4.11)\n" +
  "For Example usage look at the examples directory\n";

/** parse_offset at word p (the offset's value). */
function parseOffset(s: PeditState, p: number, k: MKey): Step {
  const a = s.a;
  const fail: Step = { res: -1, p };
  const off = getInteger(a[p]!);
  if (off === undefined) return fail;
  k.off = u32(off);
  p++;
  if (p >= a.length) return fail;
  const size = [["u32", 4, 0xffffffff], ["u16", 2, 0xffff], ["u8", 1, 0xff]].find(([n]) => matches(a[p]!, n as string));
  if (size === undefined) return fail;
  const [, len, retain] = size as [string, number, number];
  p = nextArg(s, p);
  if (matches(a[p]!, "at")) {
    p = nextArg(s, p);
    const at = getU32(a[p]!, 0);
    if (at === undefined) return fail;
    k.at = at;
    p = nextArg(s, p);
    const offmask = getU32(a[p]!, 16);
    if (offmask === undefined) return fail;
    k.offmask = offmask;
    p = nextArg(s, p);
    const shift = getU32(a[p]!, 0);
    if (shift === undefined) return fail;
    k.shift = shift;
    p = nextArg(s, p);
  }
  return parseCmd(s, p, len, VType.U32, retain, k, 0);
}

/** parse_munge at word p (the word after "munge"). */
function parseMunge(s: PeditState, p: number): Step {
  const a = s.a;
  const k: MKey = { mask: 0, val: 0, off: 0, at: 0, offmask: 0, shift: 0, htype: 0, cmd: 0 };
  if (matches(a[p]!, "offset")) {
    const q = nextArg(s, p);
    return parseOffset(s, q, k);
  }
  const kind = a[p]!.slice(0, 15); // strncpy into FILTER_NAMESZ
  const q = nextArg(s, p);
  const hdr = headerParser(kind);
  let r: Step;
  if (hdr === undefined) {
    s.err.push(`Unknown action  hence option "${a[q]}" is unparsable\n`);
    r = { res: -1, p: q };
  } else r = hdr(s, q, k);
  if (r.res < 0) {
    s.err.push("bad pedit parsing\n");
    return { res: -1, p };
  }
  return r;
}

/** m_pedit.c parse_pedit, from the kind word a[i.i - 1]: the keys, `extended`, verdict and index into `spec`. */
export function parsePedit(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, { i: i.i - 1 }, i.i - 1);
  const s: PeditState = { a, extended: false, keys: [], err: [] };
  let ok = 0;
  const fail = (msg: string) => c.fail(s.err.join("") + msg);
  while (!c.done()) {
    const w = c.peek()!;
    if (matches(w, "pedit")) {
      c.p = nextArg(s, c.p);
      ok++;
      if (matches(a[c.p]!, "ex")) {
        if (ok > 1) throw fail(`'ex' must be before first 'munge'\n${PEDIT_EXPLAIN}`);
        s.extended = true;
        c.p = nextArg(s, c.p);
      }
    } else if (matches(w, "help")) {
      throw new ActionExit(PEDIT_EXPLAIN, 255, true);
    } else if (matches(w, "munge")) {
      if (!ok) throw fail(`Bad pedit construct (${w})\n${PEDIT_EXPLAIN}`);
      c.p = nextArg(s, c.p);
      const r = parseMunge(s, c.p);
      c.p = r.p;
      if (r.res) throw fail(`Bad pedit construct (${a[c.p] ?? "(null)"})\n${PEDIT_EXPLAIN}`);
      ok++;
    } else break;
  }
  if (!ok) throw fail(PEDIT_EXPLAIN);
  spec.verdict = "pass";
  c.control(spec);
  if (c.is("index")) {
    const n = getU32(c.next(), 10);
    if (n === undefined) throw fail('Pedit: Illegal "index"\n');
    spec.index = n;
    c.p++;
  }
  const wire = (v: number) => (HOST_LE ? (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0 : v);
  spec.keys = s.keys.map((k) => ({
    mask: wire(k.mask), val: wire(k.val), off: k.off | 0, at: k.at | 0, offmask: k.offmask | 0, shift: k.shift | 0,
    ...(s.extended ? { htype: k.htype, cmd: k.cmd } : {}),
  }));
  if (s.extended) spec.extended = true;
  c.end(i);
}
