/**
 * Bad input to the nsid API is refused before any syscall: each case runs
 * over a transport that throws on any I/O, and the TypeError or RangeError
 * must name the field and show the offending value.
 */
import { describe, expect, it } from "vitest";
import { NsidApi } from "../../lib/rtnl/nsid.ts";
import { noSyscallConn } from "../helpers/fake-kernel.ts";

type Call = (n: NsidApi) => unknown;

const CASES: Array<[string, Call, RegExp, "type" | "range"]> = [
  ["target null", (n) => n.get(null as never), /^target: expected \{ fd \} or \{ pid \}, got null/, "type"],
  ["target a number", (n) => n.get(5 as never), /^target: expected \{ fd \} or \{ pid \}, got number/, "type"],
  ["target empty", (n) => n.get({} as never), /^target: expected exactly one of fd, pid \(got nothing\)/, "type"],
  ["target with both", (n) => n.get({ fd: 3, pid: 4 } as never), /^target: expected exactly one of fd, pid \(got fd, pid\)/, "type"],
  ["target with a name", (n) => n.get({ name: "x" } as never), /^target: expected exactly one of fd, pid \(got name\)/, "type"],
  ["negative fd", (n) => n.get({ fd: -1 }), /^target\.fd: -1 is out of range/, "range"],
  ["fractional fd", (n) => n.get({ fd: 1.5 }), /^target\.fd: expected an integer, got 1\.5/, "type"],
  ["pid 0", (n) => n.get({ pid: 0 }), /^target\.pid: 0 is out of range 1\.\./, "range"],
  ["pid as a string", (n) => n.set({ pid: "1" as never }, 3), /^target\.pid: expected an integer, got "1"/, "type"],
  ["nsid -2", (n) => n.set({ pid: 1 }, -2), /^nsid: -2 is out of range -1\.\.2147483647/, "range"],
  ["nsid 2^31", (n) => n.set({ pid: 1 }, 2 ** 31), /^nsid: 2147483648 is out of range/, "range"],
  ["nsid 'auto'", (n) => n.set({ pid: 1 }, "auto" as never), /^nsid: expected an integer, got "auto"/, "type"],
  ["list: unknown option", (n) => n.list({ target: 3 } as never), /^opts\.target: unknown option/, "type"],
  ["list: negative targetNsid", (n) => n.list({ targetNsid: -1 }), /^opts\.targetNsid: -1 is out of range/, "range"],
];

describe("nsid API rejects bad input before any syscall", () => {
  for (const [what, call, msg, kind] of CASES) {
    it(what, () => {
      const api = new NsidApi(noSyscallConn());
      let err: unknown;
      try {
        call(api);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(kind === "type" ? TypeError : RangeError);
      expect((err as Error).message).toMatch(msg);
    });
  }
});
