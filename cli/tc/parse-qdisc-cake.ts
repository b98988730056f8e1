/**
 * Words of `tc qdisc add ... cake ARGS` into an nl.tc cake spec, as q_cake.c
 * cake_parse_opt reads them: presets (rtt and target pairs, a second one is
 * duparg), the mode words, the framing keywords that add to the overhead,
 * and tc's refusals (including its literal "\n" after the overhead and mpu
 * ranges). parse-qdisc.ts dispatches here.
 */
import { CliError, duparg, incomplete } from "../errors.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString, parseTimeString } from "../../lib/rtnl/tc/units.ts";

/** q_cake.c explain(). */
export const CAKE_USAGE = "Usage: ... cake [ bandwidth RATE | unlimited* | autorate-ingress ]\n                [ rtt TIME | datacentre | lan | metro | regional |\n                  internet* | oceanic | satellite | interplanetary ]\n                [ besteffort | diffserv8 | diffserv4 | diffserv3* ]\n                [ flowblind | srchost | dsthost | hosts | flows |\n                  dual-srchost | dual-dsthost | triple-isolate* ]\n                [ nat | nonat* ]\n                [ wash | nowash* ]\n                [ split-gso* | no-split-gso ]\n                [ ack-filter | ack-filter-aggressive | no-ack-filter* ]\n                [ memlimit LIMIT ]\n                [ fwmark MASK ]\n                [ ptm | atm | noatm* ] [ overhead N | conservative | raw* ]\n                [ mpu N ] [ ingress | egress* ]\n                (* marks defaults)\n";

/** Presets: target and rtt in microseconds. */
const PRESETS: Readonly<Record<string, readonly [number, number]>> = {
  datacentre: [5, 100], lan: [50, 1000], metro: [500, 10000], regional: [1500, 30000], internet: [5000, 100000],
  oceanic: [15000, 300000], satellite: [50000, 1000000], interplanetary: [50000000, 1000000000],
};
const DIFFSERV: Readonly<Record<string, string>> = { besteffort: "besteffort", precedence: "precedence", diffserv8: "diffserv8", diffserv4: "diffserv4", diffserv: "diffserv4", diffserv3: "diffserv3" };
const FLOWS = new Set(["flowblind", "srchost", "dsthost", "hosts", "flows", "dual-srchost", "dual-dsthost", "triple-isolate"]);
/** Framing keywords: [atm mode or undefined, overhead added, mpu set]. */
const FRAMING: Readonly<Record<string, readonly [string | undefined, number, number?]>> = {
  "ipoa-vcmux": ["atm", 8], "ipoa-llcsnap": ["atm", 16], "bridged-vcmux": ["atm", 24], "bridged-llcsnap": ["atm", 32],
  "pppoa-vcmux": ["atm", 10], "pppoa-llc": ["atm", 14], "pppoe-vcmux": ["atm", 32], "pppoe-llcsnap": ["atm", 40],
  "pppoe-ptm": ["ptm", 30], "bridged-ptm": ["ptm", 22], ethernet: [undefined, 38, 84], "ether-vlan": [undefined, 4], docsis: ["noatm", 18, 64],
};

const fail = (text: string, usage = false): CliError => new CliError(text + (usage ? CAKE_USAGE : ""), 1, false);

/** strtol(s, &p, 10) stored in an int (x86-64: long clamps, then the low 32 bits); undefined when *p is not NUL. */
function strtolInt(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return s === "" ? 0 : undefined; // no digits: p is s itself, so only "" passes
  let v = BigInt(m[2]!);
  if (m[1] === "-") v = -v;
  const lim = 1n << 63n;
  if (v >= lim) v = lim - 1n;
  if (v < -lim) v = -lim;
  return Number(BigInt.asIntN(32, v));
}

/** cake_parse_opt: the spec nl.tc turns into tc's TCA_OPTIONS. */
export function parseCake(a: string[]): Record<string, unknown> {
  let bandwidth = 0, unlimited = false, autorate = -1, interval = 0, target = 0, preset: string | undefined;
  let overhead = 0, overheadSet = false, raw = false, mpu = 0, memlimit = 0, fwmark = 0;
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const take = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    const fr = FRAMING[w];
    if (w === "bandwidth") {
      const v = take();
      const r = parseRateString(v);
      if (r === undefined) throw fail('Illegal "bandwidth"\n');
      bandwidth = r; unlimited = false; autorate = 0;
    } else if (w === "unlimited") { bandwidth = 0; unlimited = true; autorate = 0; }
    else if (w === "autorate-ingress") autorate = 1;
    else if (w === "rtt") {
      const t = parseTimeString(take());
      if (t === undefined) throw fail('Illegal "rtt"\n');
      interval = t; target = Math.trunc(t / 20) || 1;
    } else if (PRESETS[w] !== undefined) {
      if (preset !== undefined) throw duparg(w, preset);
      preset = w; [target, interval] = PRESETS[w]!;
    } else if (DIFFSERV[w] !== undefined) o.diffserv = DIFFSERV[w];
    else if (w === "wash" || w === "nowash") o.wash = w === "wash";
    else if (w === "split-gso" || w === "no-split-gso") o.splitGso = w === "split-gso";
    else if (FLOWS.has(w)) o.flowMode = w;
    else if (w === "nat" || w === "nonat") o.nat = w === "nat";
    else if (w === "ptm" || w === "atm" || w === "noatm") o.atm = w;
    else if (w === "raw") { o.atm = "noatm"; overhead = 0; overheadSet = true; raw = true; }
    else if (w === "conservative") { o.atm = "atm"; overhead = 48; overheadSet = true; }
    else if (fr !== undefined) {
      if (fr[0] !== undefined) o.atm = fr[0];
      overhead += fr[1]; overheadSet = true;
      if (fr[2] !== undefined) mpu = fr[2];
    } else if (w === "via-ethernet") { /* ignored, as tc does */ }
    else if (w === "overhead") {
      const v = strtolInt(take());
      if (v === undefined || v < -64 || v > 256) throw fail('Illegal "overhead", valid range is -64 to 256\\n');
      overhead = v; overheadSet = true;
    } else if (w === "mpu") {
      const v = strtolInt(take());
      if (v === undefined || v < 0 || v > 256) throw fail('Illegal "mpu", valid range is 0 to 256\\n');
      mpu = v;
    } else if (w === "ingress" || w === "egress") o.ingress = w === "ingress";
    else if (w === "no-ack-filter") o.ackFilter = "none";
    else if (w === "ack-filter") o.ackFilter = "filter";
    else if (w === "ack-filter-aggressive") o.ackFilter = "aggressive";
    else if (w === "memlimit") {
      const v = take();
      const s = parseSizeString(v);
      if (s === undefined) throw fail(`Illegal value for "memlimit": "${v}"\n`);
      memlimit = s;
    } else if (w === "fwmark") {
      const v = take();
      const n = strtoulWord(v, 0);
      if (n === undefined || n > 0xffffffffn) throw fail(`Illegal value for "fwmark": "${v}"\n`);
      fwmark = Number(n);
    } else if (w === "help") throw fail("", true);
    else throw fail(`What is "${w}"?\n`, true);
  }
  if (bandwidth || unlimited) o.bandwidth = bandwidth || "unlimited";
  if (overheadSet) o.overhead = overhead;
  if (raw) o.raw = true;
  if (mpu > 0) o.mpu = mpu;
  if (interval) o.rtt = interval;
  if (target) o.target = target;
  if (autorate !== -1) o.autorateIngress = autorate === 1;
  if (memlimit) o.memlimit = memlimit;
  if (fwmark) o.fwmark = fwmark;
  return o;
}
