/**
 * netem `distribution NAME` and `slot distribution NAME DELAY JITTER`: the
 * tables come from tc's lib dir ($TC_LIB_DIR or Debian's
 * /usr/lib/<triplet>/tc/) as q_netem.c get_distribution reads them. The
 * requests equal tc 6.1's byte for byte (strace captures, the four tables of
 * Debian's iproute2; this kernel lacks netem, which refuses after tc sent),
 * through the CLI's parser and through the API with a table name; tc's
 * refusals (missing table, too much data, empty table, no jitter, slot
 * delay/jitter) are compared live with tc's.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NETEM_DIST_CAPTURES, LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { netemView } from "../../lib/rtnl/tc/qdisc-aqm.ts";
import { parseNetemDist, readNetemDist } from "../../lib/rtnl/tc/netem-dist.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { describeKernel } from "../helpers/netns.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";
import { parseNetem } from "../../cli/tc/parse-netem.ts";
import { tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const w = (s: string) => s.split(" ");

describeIproute2Bytes<TcApi>("netem distribution tables: requests equal tc's (strace captures)", {
  captures: NETEM_DIST_CAPTURES,
  calls: {
    "tc-qdisc-add-netem-dist-normal": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: "10ms", jitter: "5ms", distribution: "normal" } }),
    "tc-qdisc-add-netem-dist-pareto": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: parseNetem(w("delay 100ms 20ms 25% dist pareto loss 1% rate 1mbit")) }),
    "tc-qdisc-add-netem-slot-dist": (t) => t.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { slot: { distribution: "paretonormal", distDelay: "5ms", distJitter: "1ms", packets: 10, bytes: "4k" } } }),
    "tc-qdisc-change-netem-both-dist": (t) => t.qdiscs.change({ dev: "v0", parent: "root", kind: "netem", options: parseNetem(w("delay 1ms 1ms distribution experimental slot distribution normal 2ms 500us")) }),
  },
  api: (c) => new TcApi(c),
  types: [RTM_TC.NEWQDISC],
  links: LINKS,
  read: readTcCapture,
});

describe("netem tables: file format, model read-back", () => {
  it("reads numbers as strtol(base 0) up to the first non-number, skips # lines, wraps to s16", () => {
    expect([...parseNetemDist("# c\n\n1 -2 0x10 010 +3\n 70000 x 5\n-0x8001\n")]).toEqual([1, -2, 16, 8, 3, 70000 - 65536, -0x8001 + 65536]);
    expect(() => parseNetemDist("1 ".repeat(16 * 1024 + 1))).toThrow(/too much data/);
  });
  it("the API's table round-trips through the model", () => {
    const t = readNetemDist("normal");
    expect(t.length).toBe(4096);
    const hex = Buffer.from(t.buffer).toString("hex");
    const v = netemView({ limit: 1000, latency: 1000, jitter: 100, loss: 0, gap: 0, duplicate: 0, attrs: { delayDist: hex } } as never);
    expect(v.distribution).toEqual([...t]);
  });
  it("bad tables are refused by name before any request", () => {
    const { conn, kernel } = fakeConn({ links: LINKS });
    const api = new TcApi(conn);
    expect(() => api.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: 1000, distribution: "normal" } })).toThrow(/distribution: a distribution needs a delay and a jitter/);
    expect(() => api.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: 1000, jitter: 5, distribution: [1, 0x8000] } })).toThrow(RangeError);
    expect(() => api.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { slot: { distribution: "normal", distDelay: 5, distJitter: 0 } } })).toThrow(/distJitter/);
    expect(() => api.qdiscs.add({ dev: "v0", parent: "root", kind: "netem", options: { delay: 1, jitter: 1, distribution: "nosuch" } })).toThrow(/no distribution data for nosuch/);
    expect(kernel.requestsOf(RTM_TC.NEWQDISC)).toEqual([]);
  });
});

describeKernel("netem distribution refusals equal tc's", () => {
  it("missing, too long, empty tables; no jitter; slot delay and jitter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tclib-"));
    writeFileSync(join(dir, "big.dist"), "7 ".repeat(16 * 1024 + 1) + "\n");
    writeFileSync(join(dir, "empty.dist"), "# nothing\n\n");
    using ns = tcNetns(false);
    const cases: Array<[string | undefined, string]> = [
      [undefined, "qdisc add dev v0 root netem delay 10ms 1ms distribution nosuch"],
      [undefined, "qdisc add dev v0 root netem delay 10ms distribution normal"],
      [undefined, "qdisc add dev v0 root netem distribution normal"],
      [undefined, "qdisc add dev v0 root netem slot distribution normal 1ms 0"],
      [undefined, "qdisc add dev v0 root netem slot distribution normal xx 1ms"],
      [undefined, "qdisc add dev v0 root netem slot distribution normal 1ms yy"],
      [undefined, "qdisc add dev v0 root netem slot distribution nosuch 1ms 1ms"],
      [undefined, "qdisc add dev v0 root netem slot distribution normal 1ms"],
      [dir, "qdisc add dev v0 root netem delay 10ms 1ms distribution big"],
      [dir, "qdisc add dev v0 root netem delay 10ms 1ms distribution empty"],
      [dir, "qdisc add dev v0 root netem delay 10ms 1ms distribution normal"],
    ];
    const saved = process.env.TC_LIB_DIR;
    try {
      for (const [lib, cmd] of cases) {
        if (lib === undefined) delete process.env.TC_LIB_DIR; else process.env.TC_LIB_DIR = lib;
        const t = theirsTc(ns.name, w(cmd));
        expect(await oursTc(ns.name, w(cmd)), `${lib ?? ""} tc ${cmd}`).toEqual(t);
      }
    } finally {
      if (saved === undefined) delete process.env.TC_LIB_DIR; else process.env.TC_LIB_DIR = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
