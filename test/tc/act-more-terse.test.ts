/**
 * `tc -br actions ls` of the added action kinds: a terse dump carries no
 * options (kind, index, statistics), and each m_KIND.c print function
 * prints what it prints without them (vlan "vlan ", nat " nat " under
 * "type", ct "ct", simple and skbmod nothing). tc 6.1 on the same crafted
 * dump (fake-dump shim) against our printers.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSameTerse } from "./act-more-print.ts";

const KINDS = ["vlan", "tunnel_key", "csum", "nat", "ct", "connmark", "simple", "skbmod", "sample", "mpls", "ctinfo"];

describe.skipIf(fakeDumpShim() === null)("tc -br actions ls of the added kinds equals tc 6.1's", () => {
  for (const kind of KINDS) it(kind, () => expectSameTerse(kind));
});
