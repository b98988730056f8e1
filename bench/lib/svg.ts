/**
 * A dependency-free SVG bar chart of a run: for every workload phase and
 * size, one horizontal bar per contender showing its time relative to the
 * C floor (log scale, 1x = the floor), labelled with the median. Rows
 * without numbers (not installed, skipped, failed) are listed as text.
 */
import { fmtValue, groups, LABELS } from "./report.ts";
import type { ContenderId, Row } from "./types.ts";

const COLORS: Record<ContenderId, string> = {
  floor: "#6b7280",
  ours: "#f59e0b",
  cli: "#fbbf24",
  ip: "#2563eb",
  go: "#10b981",
  py: "#8b5cf6",
};

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function sizeText(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}

/** Render the chart; `subtitle` names the machine and versions. */
export function chartSvg(rows: Row[], title: string, subtitle: string): string {
  const W = 980, LEFT = 330, RIGHT = 150, BAR = 13, GAP = 3, GROUP_GAP = 14, TOP = 74;
  const plotW = W - LEFT - RIGHT;
  const ratios = rows.filter((r) => r.status === "ok" && r.ratioFloor !== undefined).map((r) => r.ratioFloor!);
  const maxLog = Math.max(1, Math.ceil(Math.log10(Math.max(10, ...ratios))));
  const xOf = (ratio: number) => LEFT + (Math.log10(Math.max(1, ratio)) / maxLog) * plotW;
  const parts: string[] = [];
  let y = TOP;
  for (const g of groups(rows)) {
    const first = g[0]!;
    parts.push(`<text x="8" y="${y + 11}" font-weight="bold">${esc(`${first.title}, N=${sizeText(first.size)}`)}</text>`);
    y += BAR + GAP;
    for (const r of g) {
      parts.push(`<text x="24" y="${y + 10}">${esc(LABELS[r.contender])}</text>`);
      if (r.status === "ok" && r.ratioFloor !== undefined) {
        const x1 = xOf(r.ratioFloor);
        parts.push(`<rect x="${LEFT}" y="${y}" width="${Math.max(2, x1 - LEFT).toFixed(1)}" height="${BAR}" fill="${COLORS[r.contender]}"/>`);
        parts.push(`<text x="${(x1 + 4).toFixed(1)}" y="${y + 10}">${esc(`${fmtValue(r.median, r.unit)} (${r.ratioFloor < 10 ? r.ratioFloor.toFixed(2) : r.ratioFloor.toFixed(0)}x)`)}</text>`);
      } else if (r.status === "ok") {
        parts.push(`<text x="${LEFT}" y="${y + 10}" fill="#374151">${esc(fmtValue(r.median, r.unit))}</text>`);
      } else {
        parts.push(`<text x="${LEFT}" y="${y + 10}" fill="#9ca3af">${esc(r.status)}</text>`);
      }
      y += BAR + GAP;
    }
    y += GROUP_GAP;
  }
  const axis: string[] = [];
  for (let k = 0; k <= maxLog; k++) {
    const x = xOf(10 ** k);
    axis.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${y - GROUP_GAP}" stroke="#e5e7eb"/>`);
    axis.push(`<text x="${x}" y="${TOP - 10}" text-anchor="middle" fill="#6b7280">${10 ** k}x</text>`);
  }
  const H = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="8" y="38" fill="#4b5563">${esc(subtitle)}</text>`,
    `<text x="${LEFT}" y="${TOP - 26}" fill="#4b5563">time relative to the C floor (log scale; shorter is faster)</text>`,
    ...axis,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
