/**
 * The fw classifier's words (tc 6.1 f_fw.c fw_parse_opt): the filter's
 * `handle MARK[/MASK]` (get_u32 base 0; the mask becomes TCA_FW_MASK, sent
 * only with other words), classid|flowid, police, action, indev (cut to 16
 * characters as tc's buffer does) and help, with tc's errors and exit
 * statuses. A word given again is sent once, at its last place.
 */
import { getUnsigned, matches } from "../args.ts";
import { classidWord, clsFail, filterActions, filterPolice, type ActionsParser } from "./parse-cls-words.ts";

/** f_fw.c explain(). */
export const FW_EXPLAIN = "Usage: ... fw [ classid CLASSID ] [ indev DEV ] [ action ACTION_SPEC ]\n" +
  "\tCLASSID := Push matching packets to the class identified by CLASSID with format X:Y\n" +
  "\t\tCLASSID is parsed as hexadecimal input.\n" +
  "\tDEV := specify device for incoming device classification.\n" +
  "\tACTION_SPEC := Apply an action on matching packets.\n" +
  "\tNOTE: handle is represented as HANDLE[/FWMASK].\n" +
  "\t\tFWMASK is 0xffffffff by default.\n";

/** fw_parse_opt: the options spec (undefined without words) and the handle. */
export function parseFwArgs(a: string[], handle: string | undefined, parseActions: ActionsParser): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  let mask: number | undefined;
  if (handle !== undefined) {
    const slash = handle.indexOf("/");
    const h = getUnsigned(slash < 0 ? handle : handle.slice(0, slash));
    if (h === undefined) throw clsFail('Illegal "handle"');
    out.handle = h;
    if (slash >= 0) {
      mask = getUnsigned(handle.slice(slash + 1));
      if (mask === undefined) throw clsFail('Illegal "handle" mask');
    }
  }
  if (a.length === 0) return out;
  const o: Record<string, unknown> = {};
  if (mask !== undefined) o.mask = mask;
  const set = (k: string, v: unknown) => { delete o[k]; o[k] = v; };
  const i = { i: 0 };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "classid") || matches(w, "flowid")) {
      set("classid", classidWord(a[++i.i]));
    } else if (matches(w, "police")) {
      i.i++;
      set("police", filterPolice(a, i));
      continue;
    } else if (matches(w, "action")) {
      i.i++;
      set("actions", filterActions(a, i, parseActions, 'Illegal fw "action"'));
      continue;
    } else if (w === "indev") {
      const d = a[++i.i];
      if (d === undefined) throw clsFail("Illegal indev");
      set("indev", d.slice(0, 16));
    } else if (w === "help") throw clsFail(FW_EXPLAIN);
    else throw clsFail(`What is "${w}"?\n${FW_EXPLAIN}`);
    i.i++;
  }
  out.options = o;
  return out;
}
