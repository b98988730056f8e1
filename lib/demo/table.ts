/** Plain-text tables for the demo: columns padded to their widest cell. */

/** Render rows (objects with the same keys) as an aligned table with a title line. */
export function table(title: string, rows: Array<Record<string, string | number | undefined>>): string {
  if (rows.length === 0) return `${title}\n  (none)\n`;
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (v === undefined ? "-" : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (cells: string[]) => "  " + cells.map((c, i) => c.padEnd(width[i]!)).join("  ").trimEnd();
  return [title, line(cols), line(width.map((w) => "-".repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n") + "\n";
}
