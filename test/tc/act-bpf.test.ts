/**
 * act_bpf (m_bpf.c): `action bpf [run] bytecode|bc 'N,c t f k,...' [VERDICT]
 * [index N]`, standalone and inside a filter, sends what tc 6.1 sends (strace
 * captures; this kernel lacks act_bpf, which refuses after tc sent), through
 * the CLI's parser into nl.tc; the model reads the program back.
 */
import { describe, expect, it } from "vitest";
import { ACT_BPF_CAPTURES, LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { actionsFromWire, actionsToWire } from "../../lib/rtnl/tc/action-options.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";
import { parseActions, parseFilterArgs } from "../../cli/tc/parse-filter.ts";

const acts = (args: string[]) => parseActions(args, { i: 0 });

describeIproute2Bytes<TcApi>("act_bpf requests equal tc's (strace captures)", {
  captures: ACT_BPF_CAPTURES,
  calls: {
    "tc-action-add-bpf-bytecode": (t) => t.actions.add(acts(["bpf", "bytecode", "1,6 0 0 4294967295", "index", "4"]) as never),
    "tc-action-add-bpf-run-drop": (t) => t.actions.add(acts(["bpf", "run", "bc", "4,40 0 0 12,21 0 1 2048,6 0 0 0,6 0 0 262144", "drop"]) as never),
    "tc-filter-add-u32-act-bpf": (t) => t.filters.add({ dev: "v0", parent: "1:", pref: 3, protocol: "ip", kind: "u32", ...parseFilterArgs("u32", ["match", "u32", "0", "0", "action", "bpf", "bytecode", "1,6 0 0 0", "pass", "index", "9", "action", "bpf", "bc", "2,6 0 0 1,6 0 0 2"], undefined) } as never),
  },
  api: (c) => new TcApi(c),
  types: [RTM_TC.NEWACTION, RTM_TC.NEWTFILTER],
  links: LINKS,
  read: readTcCapture,
  checkCommand: false, // the capture quotes the program words; the args are compared by the capture list itself
});

describe("act_bpf model", () => {
  it("round-trips bytecode and verdict; refuses bad programs by field before any request", () => {
    const wire = actionsToWire([{ kind: "bpf", bytecode: [{ code: 6, jt: 0, jf: 0, k: 7 }], verdict: "drop", index: 2 }], "actions", () => 0);
    const back = actionsFromWire(wire)!;
    expect(back[0]).toMatchObject({ kind: "bpf", bytecode: [{ code: 6, jt: 0, jf: 0, k: 7 }], verdict: "drop", index: 2 });
    const { conn, kernel } = fakeConn({ links: LINKS });
    const t = new TcApi(conn);
    expect(() => t.actions.add({ kind: "bpf" } as never)).toThrow(/give one of bytecode or fd/);
    expect(() => t.actions.add({ kind: "bpf", bytecode: [{ code: 0x10000, jt: 0, jf: 0, k: 0 }] } as never)).toThrow(/bytecode\[0\]\.code/);
    expect(kernel.requestsOf(RTM_TC.NEWACTION)).toEqual([]);
  });
});
