/**
 * Bad input to the nsid API is refused before any syscall: each case runs
 * over a transport that throws on any I/O, and the TypeError or RangeError
 * must name the field and show the offending value.
 */
import { describe } from "vitest";
import { NsidApi } from "../../lib/rtnl/nsid/api.ts";
import { itRefusesBeforeAnySyscall, type RefusalCase } from "../helpers/validation.ts";


const CASES: RefusalCase<[NsidApi]>[] = [
  ["target null", (n) => n.get(null as never), TypeError, /^target: expected \{ fd \} or \{ pid \}, got null/],
  ["target a number", (n) => n.get(5 as never), TypeError, /^target: expected \{ fd \} or \{ pid \}, got number/],
  ["target empty", (n) => n.get({} as never), TypeError, /^target: expected exactly one of fd, pid \(got nothing\)/],
  ["target with both", (n) => n.get({ fd: 3, pid: 4 } as never), TypeError, /^target: expected exactly one of fd, pid \(got fd, pid\)/],
  ["target with a name", (n) => n.get({ name: "x" } as never), TypeError, /^target: expected exactly one of fd, pid \(got name\)/],
  ["negative fd", (n) => n.get({ fd: -1 }), RangeError, /^target\.fd: -1 is out of range/],
  ["fractional fd", (n) => n.get({ fd: 1.5 }), TypeError, /^target\.fd: expected an integer, got 1\.5/],
  ["pid 0", (n) => n.get({ pid: 0 }), RangeError, /^target\.pid: 0 is out of range 1\.\./],
  ["pid as a string", (n) => n.set({ pid: "1" as never }, 3), TypeError, /^target\.pid: expected an integer, got "1"/],
  ["nsid -2", (n) => n.set({ pid: 1 }, -2), RangeError, /^nsid: -2 is out of range -1\.\.2147483647/],
  ["nsid 2^31", (n) => n.set({ pid: 1 }, 2 ** 31), RangeError, /^nsid: 2147483648 is out of range/],
  ["nsid 'auto'", (n) => n.set({ pid: 1 }, "auto" as never), TypeError, /^nsid: expected an integer, got "auto"/],
  ["list: unknown option", (n) => n.list({ target: 3 } as never), TypeError, /^opts\.target: unknown option/],
  ["list: negative targetNsid", (n) => n.list({ targetNsid: -1 }), RangeError, /^opts\.targetNsid: -1 is out of range/],
];

describe("nsid API rejects bad input before any syscall", () => {
  itRefusesBeforeAnySyscall(CASES, (c) => [new NsidApi(c)]);
});
