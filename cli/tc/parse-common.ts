/**
 * Words tc 6.1 takes before a qdisc's or class's kind: `estimator INTERVAL
 * TIME_CONSTANT` (m_estimator.c parse_estimator) and `stab [mtu N] [tsize
 * N] [mpu N] [overhead N] [linklayer TYPE]` (tc_stab.c parse_size_table).
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseTimeString } from "../../lib/rtnl/tc/units.ts";
import { estimatorToWire, type TcEstimator, type TcSizeTable } from "../../lib/rtnl/tc/rate-est.ts";

const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);
const invarg = (msg: string, arg: string) => new CliError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255, true);

const EST_HELP = "Usage: ... estimator INTERVAL TIME-CONST\n" +
  "  INTERVAL is interval between measurements\n" +
  "  TIME-CONST is averaging time constant\n" +
  "Example: ... est 1sec 8sec\n";

/**
 * `estimator A T` at a[i] ("estimator"), as parse_estimator reads it; consumes two words.
 * `again`: an estimator was given before (duparg). tc's invarg there names the
 * message as the argument ("invalid estimator interval" is wrong: estimator);
 * "help" prints est_help, then fails as a time; tc_setup_estimator's range
 * check returns -1 (exit 255, no exit()).
 */
export function estimatorWords(a: string[], i: number, again = false): TcEstimator {
  const iv = a[i + 1], tc = a[i + 2];
  if (iv === undefined) throw incomplete();
  if (again) throw new CliError(`Error: duplicate "estimator": "${iv}" is the second value.\n`, 255, true);
  const help = (w: string): string => (matches(w, "help") ? EST_HELP : "");
  if (parseTimeString(iv) === undefined) throw new CliError(help(iv) + invarg("estimator", "invalid estimator interval").message, 255, true);
  if (tc === undefined) throw incomplete();
  if (parseTimeString(tc) === undefined) throw new CliError(help(tc) + invarg("estimator", "invalid estimator time constant").message, 255, true);
  const est = { interval: iv, timeConstant: tc };
  try {
    estimatorToWire(est, "estimator");
  } catch (e) {
    if (e instanceof RangeError) throw new CliError("Error: estimator parameters are out of range.\n", 255, false);
    throw e;
  }
  return est;
}

/** parse_estimator's line under -raw: "[estimator i=INTERVAL e=EWMA_LOG]" (struct tc_estimator as tc_setup_estimator made it). */
export function estimatorRawNote(est: TcEstimator): string {
  const hex = estimatorToWire(est, "estimator");
  const interval = (Number.parseInt(hex.slice(0, 2), 16) << 24) >> 24;
  return `[estimator i=${interval} e=${Number.parseInt(hex.slice(2, 4), 16)}]\n`;
}

/** `stab ...` at a[i] ("stab"): the table and the index of the first word that is not one of its options. */
export function stabWords(a: string[], i: number): { stab: TcSizeTable; next: number } {
  const s: TcSizeTable = {};
  let j = i + 1;
  if (a[j] === undefined) throw incomplete();
  const num = (w: string | undefined, what: string, signed = false) => {
    if (w === undefined) throw incomplete();
    if (!(signed ? /^-?\d+$/ : /^\d+$/).test(w)) throw invarg(`invalid ${what}`, what === "table size" ? "tsize" : what);
    return Number(w);
  };
  for (; j < a.length; j++) {
    const w = a[j]!;
    if (matches(w, "mtu")) s.mtu = num(a[++j], "mtu");
    else if (matches(w, "mpu")) s.mpu = num(a[++j], "mpu");
    else if (matches(w, "overhead")) s.overhead = num(a[++j], "overhead", true);
    else if (matches(w, "tsize")) s.tsize = num(a[++j], "table size");
    else if (matches(w, "linklayer")) {
      const l = a[++j];
      if (l === undefined) throw incomplete();
      if (l === "ethernet") s.linklayer = "ethernet";
      else if (l === "atm" || l === "adsl") s.linklayer = "atm";
      else throw invarg("invalid linklayer", "linklayer");
    } else break;
  }
  if (!s.linklayer && !s.mpu && !s.overhead) throw new CliError("", 1, false);
  return { stab: s, next: j };
}
