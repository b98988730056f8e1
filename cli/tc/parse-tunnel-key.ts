/**
 * `action tunnel_key ...` as tc 6.1 parses it (m_tunnel_key.c
 * parse_tunnel_key): set or unset (a second is "unexpected"), src_ip and
 * dst_ip (get_addr: exit 1 on a bad address), id (base 10), dst_port (base
 * 10), geneve_opts CLASS:TYPE:DATA[,...] (hex), vxlan_opts GBP, erspan_opts
 * VER:INDEX:DIR:HWID, tos and ttl (base 10, else 16), csum/nocsum, until the
 * first other word; then the control verdict (pipe by default) and `index
 * N`; set needs both addresses. The options keep the words' order (tc
 * writes the attributes as it reads them).
 */
import { getUnsigned, matches } from "../args.ts";
import { AF } from "../context.ts";
import { CliError } from "../errors.ts";
import { formatIP } from "../../codecs/ip/index.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { getAddr } from "../neighbour-addr.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_tunnel_key.c explain(). */
export const TUNNEL_KEY_EXPLAIN = "Usage: tunnel_key unset\n" +
  "       tunnel_key set <TUNNEL_KEY>\n" +
  "Where TUNNEL_KEY is a combination of:\n" +
  "id <TUNNELID>\n" +
  "src_ip <IP> (mandatory)\n" +
  "dst_ip <IP> (mandatory)\n" +
  "dst_port <UDP_PORT>\n" +
  "geneve_opts | vxlan_opts | erspan_opts <OPTIONS>\n" +
  "csum | nocsum (default is \"csum\")\n";

/** get_u8 .. get_u32 with `base`: the whole word, at most `max`. */
function num(v: string, base: 0 | 10 | 16, max: number): number | undefined {
  const n = strtoulWord(v, base);
  return n === undefined || n > BigInt(max) ? undefined : Number(n);
}

/** strtok_r(s, sep): the non-empty pieces. */
const tokens = (s: string, sep: string) => s.split(sep).filter((t) => t !== "");

const hexDigit = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** tunnel_key_parse_geneve_opts: options separated by ",", each CLASS:TYPE:DATA (class and type hex; data hex2mem of len/2 bytes). */
function geneve(v: string): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  for (const opt of tokens(v, ",")) {
    const g: Record<string, unknown> = {};
    const parts = tokens(opt, ":");
    for (let i = 0; i < parts.length; i++) {
      const t = parts[i]!;
      if (i === 0) { const n = num(t, 16, 0xffff); if (n === undefined) return undefined; g.class = n; }
      else if (i === 1) { const n = num(t, 16, 0xff); if (n === undefined) return undefined; g.type = n; }
      else if (i === 2) {
        const n = Math.floor(t.length / 2);
        for (let k = 0; k < 2 * n; k++) if (!hexDigit(t[k])) return undefined;
        g.data = t.slice(0, 2 * n).toLowerCase();
      } else return undefined;
    }
    out.push(g);
  }
  return out;
}

/** tunnel_key_parse_erspan_opt: VER:INDEX:DIR:HWID (base 0), as many as given. */
function erspan(v: string): Record<string, unknown> | undefined {
  const keys: Array<[string, number]> = [["ver", 0xff], ["index", 0xffffffff], ["dir", 0xff], ["hwid", 0xff]];
  const e: Record<string, unknown> = {};
  const parts = tokens(v, ":");
  if (parts.length > 4) return undefined;
  for (let i = 0; i < parts.length; i++) {
    const n = num(parts[i]!, 0, keys[i]![1]);
    if (n === undefined) return undefined;
    e[keys[i]![0]] = n;
  }
  return e;
}

const WORDS = ["unset", "set", "src_ip", "dst_ip", "id", "dst_port", "geneve_opts", "vxlan_opts", "erspan_opts", "tos", "ttl", "csum", "nocsum", "help"];

/** The words of a tunnel_key action from a[i.i] (after the word "tunnel_key") into `spec`; i.i ends after them. */
export function parseTunnelKey(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i);
  const { fail, next } = c;
  const illegal = (what: string) => fail(`Illegal "${what}"\n`);
  while (!c.done()) {
    const w = c.peek()!;
    const word = WORDS.find((k) => matches(w, k));
    if (word === undefined) break;
    if (word === "unset" || word === "set") {
      if (spec.action !== undefined) throw fail(`unexpected "${w}" - action already specified\n${TUNNEL_KEY_EXPLAIN}`);
      spec.action = word;
    } else if (word === "src_ip" || word === "dst_ip") {
      let ip;
      try {
        ip = getAddr(next(), AF.UNSPEC);
      } catch (e) {
        if (e instanceof CliError) throw new ActionExit(e.message, e.code, true);
        throw e;
      }
      if (ip.bytes.length !== 4 && ip.bytes.length !== 16) throw illegal(word); // "default"/"any": no address bytes
      spec[word === "src_ip" ? "srcIp" : "dstIp"] = formatIP(ip.bytes, 0, ip.bytes.length);
    } else if (word === "id") {
      const n = num(next(), 10, 0xffffffff);
      if (n === undefined) throw illegal("id");
      spec.id = n;
    } else if (word === "dst_port") {
      const n = num(next(), 10, 0xffff);
      if (n === undefined) throw illegal("dst port");
      spec.dstPort = n;
    } else if (word === "geneve_opts") {
      const g = geneve(next());
      if (g === undefined) throw illegal("geneve_opts");
      spec.geneveOpts = g;
    } else if (word === "vxlan_opts") {
      const n = getUnsigned(next());
      if (n === undefined) throw illegal("vxlan_opts");
      spec.vxlanOpts = { gbp: n };
    } else if (word === "erspan_opts") {
      const e = erspan(next());
      if (e === undefined) throw illegal("erspan_opts");
      spec.erspanOpts = e;
    } else if (word === "tos" || word === "ttl") {
      const v = next();
      const n = num(v, 10, 0xff) ?? num(v, 16, 0xff);
      if (n === undefined) throw illegal(word);
      spec[word] = n;
    } else if (word === "csum" || word === "nocsum") spec.csum = word === "csum";
    else throw new ActionExit(TUNNEL_KEY_EXPLAIN, 255, true);
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) spec.index = c.index('tunnel_key: Illegal "index"\n');
  if (spec.action === "set" && (spec.srcIp === undefined || spec.dstIp === undefined)) throw fail(`set needs tunnel_key parameters\n${TUNNEL_KEY_EXPLAIN}`);
  c.end(i);
}
