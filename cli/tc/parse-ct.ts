/**
 * `action ct ...` as tc 6.1 parses it (m_ct.c parse_ct): zone (base 0),
 * nat [src|dst addr A[-B] [port P[-Q]]] (a word after nat that is not
 * src/dst, or after the addresses that is not port, is read again as an
 * option; the word after the addresses must exist), clear, commit, force,
 * index, mark M[/MASK] (base 0), label HEX[/HEX], until the first other
 * word; tc's checks; then the control verdict (pipe by default). The
 * options keep the words' order (tc writes the attributes as it reads them).
 */
import { getUnsigned, matches } from "../args.ts";
import { AF } from "../context.ts";
import { CliError, invarg } from "../errors.ts";
import { formatIP } from "../../codecs/ip/index.ts";
import { getAddr } from "../neighbour-addr.ts";
import { getU32Dec } from "./action-control.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_ct.c usage(). */
export const CT_USAGE = "Usage: ct clear\n" +
  "\tct commit [force] [zone ZONE] [mark MASKED_MARK] [label MASKED_LABEL] [nat NAT_SPEC]\n" +
  "\tct [nat] [zone ZONE]\n" +
  "Where: ZONE is the conntrack zone table number\n" +
  "\tNAT_SPEC is {src|dst} addr addr1[-addr2] [port port1[-port2]]\n" +
  "\n";

const usage = () => new ActionExit(CT_USAGE, 255, true);
const exit = (e: Error) => new ActionExit(e.message, 255, true);

/** get_addr (exit 1 on failure) as a printable address. */
function addr(v: string, family: number): { text: string; family: number } {
  try {
    const a = getAddr(v, family);
    return { text: formatIP(a.bytes, 0, a.bytes.length), family: a.family };
  } catch (e) {
    if (e instanceof CliError) throw new ActionExit(e.message, e.code, true);
    throw e;
  }
}

/** hex2mem of len/2 bytes: the hex, or undefined on a bad digit. */
function hexBytes(s: string): string | undefined {
  const n = Math.floor(s.length / 2) * 2;
  return /^[0-9a-fA-F]*$/.test(s.slice(0, n)) ? s.slice(0, n).toLowerCase() : undefined;
}

/** The words of a ct action from a[i.i] (after the word "ct") into `spec`; i.i ends after them. */
export function parseCt(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const w = actionWords(a, { i: i.i - 1 }, i.i - 1); // the loop starts at the kind word
  const { fail, next } = w;
  if (w.is("ct")) w.p++; // NEXT_ARG_FWD
  let flags = 0;
  while (!w.done()) {
    const word = w.peek()!;
    if (matches(word, "zone")) {
      const n = getUnsigned(next(), 0xffff);
      if (n === undefined) throw fail('ct: Illegal "zone"\n');
      spec.zone = n;
    } else if (matches(word, "nat")) {
      flags |= 8;
      spec.nat ??= {};
      const t = next();
      if (matches(t, "src")) { flags |= 16; (spec.nat as Record<string, unknown>).type = "src"; }
      else if (matches(t, "dst")) { flags |= 32; (spec.nat as Record<string, unknown>).type = "dst"; }
      else continue;
      if (!matches(next(), "addr")) throw usage();
      const range = next().slice(0, 63); // SPRINT_BUF
      const dash = range.indexOf("-");
      const lo = addr(dash < 0 ? range : range.slice(0, dash), AF.UNSPEC);
      const n = spec.nat as Record<string, unknown>;
      n.addr = lo.text;
      if (dash >= 0) n.addrMax = addr(range.slice(dash + 1), lo.family).text;
      if (!matches(next(), "port")) continue;
      const pr = next().slice(0, 63);
      const pd = pr.indexOf("-");
      const p1 = getU32Dec(pd < 0 ? pr : pr.slice(0, pd));
      const p2 = pd < 0 ? p1 : getU32Dec(pr.slice(pd + 1));
      if (p1 === undefined || p1 > 0xffff || p2 === undefined || p2 > 0xffff) throw fail("ct: Illegal nat port range\n");
      n.port = p1;
      if (pd >= 0) n.portMax = p2;
    } else if (matches(word, "clear")) { flags |= 4; spec.clear = true; }
    else if (matches(word, "commit")) { flags |= 1; spec.commit = true; }
    else if (matches(word, "force")) { flags |= 2; spec.force = true; }
    else if (matches(word, "index")) {
      const n = getU32Dec(next());
      if (n === undefined) throw fail('ct: Illegal "index"\n');
      spec.index = n;
    } else if (matches(word, "mark")) {
      const v = next();
      const slash = v.indexOf("/");
      const m = getUnsigned(slash < 0 ? v : v.slice(0, slash));
      const k = slash < 0 ? 0xffffffff : getUnsigned(v.slice(slash + 1));
      if (m === undefined || k === undefined) throw fail('ct: Illegal "mark"\n');
      spec.mark = m;
      if (slash >= 0) spec.markMask = k;
    } else if (matches(word, "label")) {
      const v = next();
      const slash = v.indexOf("/");
      const val = slash < 0 ? v : v.slice(0, slash), mask = slash < 0 ? undefined : v.slice(slash + 1);
      if (val.length > 32 || (mask?.length ?? 0) > 32) throw exit(invarg(`${val.length} Max allowed size 32`, val));
      const lv = hexBytes(val);
      if (lv === undefined) throw exit(invarg("ct: labels must be a hex string\n", val));
      spec.label = lv;
      if (mask !== undefined) {
        const lm = hexBytes(mask);
        if (lm === undefined) throw exit(invarg("ct: labels mask must be a hex string\n", mask));
        spec.labelMask = lm;
      }
    } else if (matches(word, "help")) throw usage();
    else break;
    w.p++;
  }
  if (flags & 4 && flags & ~4) throw fail("ct: clear can only be used alone\n");
  if (flags & 16 && flags & 32) throw fail("ct: src and dst nat can't be used together\n");
  if (flags & 1 && flags & 8 && !(flags & 48)) throw fail("ct: commit and nat must set src or dst\n");
  if (!(flags & 1) && flags & 48) throw fail("ct: src or dst is only valid if commit is set\n");
  w.control(spec);
  w.end(i);
}
