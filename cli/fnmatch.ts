/**
 * ip's fnmatch(3) subset for `label` selectors (`ip addr show label PATTERN`,
 * `ip addr flush label PATTERN`): *, ? and [...] classes.
 */

/** Whether `s` matches the shell pattern `pattern` (*, ?, [...] and [!...]). */
export function fnmatch(pattern: string, s: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const j = pattern.indexOf("]", i + 2);
      if (j < 0) re += "\\[";
      else {
        let cls = pattern.slice(i + 1, j).replace(/\\/g, "\\\\");
        if (cls.startsWith("!")) cls = "^" + cls.slice(1);
        re += `[${cls}]`;
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", "s").test(s);
}
