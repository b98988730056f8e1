/**
 * nl.tc flower options in the library: skipHw with skipSw is refused before
 * any request by default and left to the kernel with checks "kernel" (what
 * bun-netlink-tc uses, as tc sends both flags); `again` repeats keys after
 * the first ones (tc's bytes for a key given twice are compared in
 * flower-cli.test.ts) and refuses flags in a repeat.
 */
import { describe, expect, it } from "vitest";
import { filterOptionsToWire } from "../../lib/rtnl/tc/filter-options.ts";
import { FilterApi } from "../../lib/rtnl/tc/api.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";

const noLinks = () => { throw new Error("no link lookup expected"); };

describe("flower options: checks and repeated keys", () => {
  it("skipHw with skipSw: TypeError by default, both flags with checks kernel", () => {
    expect(() => filterOptionsToWire("flower", { skipHw: true, skipSw: true }, "options", noLinks)).toThrow(/^options\.skipSw: skipHw and skipSw are mutually exclusive/);
    expect(() => filterOptionsToWire("u32", { skipHw: true, skipSw: true }, "options", noLinks)).toThrow(TypeError);
    expect(filterOptionsToWire("flower", { skipHw: true, skipSw: true }, "options", noLinks, "kernel")).toEqual({ flags: 3 });
    // the mode does not leak into the next call
    expect(() => filterOptionsToWire("matchall", { skipHw: true, skipSw: true }, "options", noLinks)).toThrow(TypeError);
  });
  it("FilterApi checks option is validated", () => {
    expect(() => new FilterApi({} as NetlinkConnection, { checks: "none" as never })).toThrow(/^checks: expected "lib" or "kernel"/);
  });
  it("again: keys repeated as raw attributes after the first ones, flags refused there", () => {
    const w = filterOptionsToWire("flower", { ipProto: 6, again: [{ ipProto: 17, classid: "1:2" }], skipHw: true }, "options", noLinks) as Record<string, unknown>;
    expect(w).toEqual({ ipProto: 6, unknown: [{ type: 9, flags: 0, data: "11" }, { type: 1, flags: 0, data: "02000100" }], flags: 1 });
    expect(() => filterOptionsToWire("flower", { again: [{ skipSw: true }] }, "options", noLinks)).toThrow(/^options\.again\[0\]\.skipSw: flags/);
    expect(() => filterOptionsToWire("flower", { again: 5 }, "options", noLinks)).toThrow(/^options\.again: expected an array/);
  });
});
