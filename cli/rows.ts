/**
 * The tail every `ip ... show` list shares (ip's new_json_obj / open_json_array
 * / print per row / delete_json_obj): one object per row; with -j the rows
 * become one JSON array printed at the end, otherwise each row's text is
 * printed as it is.
 */
import type { Ctx } from "./context.ts";

/** The printer a row function writes to (the one `ctx.printer()` makes). */
export type RowPrinter = ReturnType<Ctx["printer"]>;

/** Print `rows` through `row` (which writes one row's fields between the object's braces) to ctx.io.out. */
export function printRows<T>(ctx: Ctx, rows: Iterable<T>, row: (p: RowPrinter, item: T) => void): void {
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const item of rows) {
    p.obj();
    row(p, item);
    p.endObj();
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}
