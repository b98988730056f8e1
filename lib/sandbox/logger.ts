/**
 * Pluggable logging for the sandbox manager. libnetwork's osl logs through
 * logrus (debug traces, warnings where a best-effort step fails, errors when
 * a rollback step fails); here the caller passes any object with the four
 * methods. The default is silent, so a library user never sees output they
 * did not ask for.
 */

/** Structured context attached to a log line (key, path, interface names, the error). */
export type LogFields = Record<string, unknown>;

/** What the manager calls; every method is optional to implement via {@link makeLogger}. */
export interface SandboxLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => {};

/** The default logger: drops everything. */
export const silentLogger: SandboxLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/** Fill the missing methods of a partial logger with no-ops (TypeError if a given member is not a function). */
export function makeLogger(partial: Partial<SandboxLogger> | undefined): SandboxLogger {
  if (partial === undefined) return silentLogger;
  if (partial === null || typeof partial !== "object") throw new TypeError(`logger: expected an object with debug/info/warn/error methods, got ${partial === null ? "null" : typeof partial}`);
  const out: Record<string, (m: string, f?: LogFields) => void> = {};
  for (const level of ["debug", "info", "warn", "error"] as const) {
    const fn = partial[level];
    if (fn !== undefined && typeof fn !== "function") throw new TypeError(`logger.${level}: expected a function, got ${typeof fn}`);
    out[level] = fn ? fn.bind(partial) : noop;
  }
  return out as unknown as SandboxLogger;
}

/** A logger that keeps every line in memory (for tests and diagnostics). */
export class MemoryLogger implements SandboxLogger {
  readonly lines: Array<{ level: "debug" | "info" | "warn" | "error"; message: string; fields?: LogFields }> = [];
  debug(message: string, fields?: LogFields): void {
    this.lines.push({ level: "debug", message, ...(fields ? { fields } : {}) });
  }
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: "info", message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: "warn", message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: "error", message, ...(fields ? { fields } : {}) });
  }
  /** Messages of one level, in order. */
  messages(level: "debug" | "info" | "warn" | "error"): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}
