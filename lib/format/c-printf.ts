/**
 * C printf conversions that iproute2's output relies on and JavaScript
 * does not have.
 */

/** C's "%g" (precision 6 by default): "0.37", "120", "1.23457e+06", "1e-05". */
export function fmtG(v: number, precision = 6): string {
  if (v === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= precision) {
    const s = v.toExponential(precision - 1).replace(/\.?0+e/, "e");
    return s.replace(/e([+-])(\d)$/, "e$10$2");
  }
  const s = v.toFixed(Math.max(0, precision - 1 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
