/**
 * C printf conversions that iproute2's output relies on and JavaScript
 * does not have.
 */

/**
 * C's "%g" (precision 6 by default): "0.37", "120", "1.23457e+06", "1e-05".
 * The style is chosen by the exponent after rounding to `precision`
 * significant digits, as C does: 999.999 with "%.3g" is "1e+03".
 */
export function fmtG(v: number, precision = 6): string {
  if (v === 0) return "0";
  const p = precision === 0 ? 1 : precision;
  const e = v.toExponential(p - 1);
  const at = e.indexOf("e");
  const exp = Number(e.slice(at + 1));
  if (exp < -4 || exp >= p) {
    const m = e.slice(0, at);
    const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const s = v.toFixed(Math.max(0, p - 1 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
