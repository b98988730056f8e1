/**
 * Our side of the filter-printing differentials (print-filters,
 * print-flower): crafted RTM_NEWTFILTER messages decoded and printed by
 * cli/tc's printFilter as `bun-netlink-tc filter show` would, link 1 named
 * "lo", to compare with tc's printer on the same bytes (fake-dump.ts).
 */
import { filterMessage } from "../../codecs/tc/message.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";

/** The show context: `stats` as -s gives it, no -d/-raw/-iec/-pretty, link 1 is "lo". */
export const showCtx = (stats: number): TcShowCtx => ({ stats, details: 0, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) });

/** Print `messages` as our filter show does (-j when `json`), with the parent and dev columns as asked. */
export function printFilters(messages: Uint8Array[], json: boolean, parentShown: boolean, devShown = false, stats = 0): string {
  const ctx = showCtx(stats);
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  let out = "";
  for (const m of messages) {
    const f = toFilter(filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length));
    printFilter(p, f, ctx, { dev: devShown, parent: parentShown });
    if (!json) out += p.take();
  }
  p.endArr();
  return json ? p.take() + "\n" : out;
}
