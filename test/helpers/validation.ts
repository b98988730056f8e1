/**
 * The shape every family's bad-input table shares: each case calls the
 * typed API over a connection whose transport fails the test on any I/O
 * (so the input must be refused before a request is built or sent), and
 * must throw a TypeError or RangeError whose message names the field and
 * shows the value (the house rule for lib/rtnl input validation).
 */
import { expect, it } from "vitest";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { noSyscallConn } from "./fake-kernel.ts";

/** The error classes bad input is refused with. */
export type InputErrorClass = typeof TypeError | typeof RangeError;

/** Either class, for tables that do not tell them apart. */
export const TYPE_OR_RANGE: readonly InputErrorClass[] = [TypeError, RangeError];

/** One bad-input case: what it is, the call on the API objects, the error class(es) it must throw, the message it must match. */
export type RefusalCase<A extends unknown[]> = [what: string, call: (...apis: A) => unknown, kind: InputErrorClass | readonly InputErrorClass[], message: RegExp];

/** One `it` per case (titled `title(what)`), each over a fresh connection that fails on any I/O; `apis` builds the API objects the calls take. */
export function itRefusesBeforeAnySyscall<A extends unknown[] | []>(cases: readonly RefusalCase<A>[], apis: (conn: NetlinkConnection) => NoInfer<A>, title = (what: string): string => what): void {
  for (const [what, call, kind, message] of cases) {
    it(title(what), () => {
      let err: unknown;
      try {
        call(...apis(noSyscallConn()));
      } catch (e) {
        err = e;
      }
      if (Array.isArray(kind)) expect(err, `expected ${kind.map((k) => k.name).join(" or ")}`).toSatisfy((e: unknown) => kind.some((k) => e instanceof k));
      else expect(err, "it threw").toBeInstanceOf(kind);
      expect((err as Error).message).toMatch(message);
    });
  }
}
