/**
 * The batch fast path for route lines (cli/route-fast.ts) against the
 * generic path (runCommand -> route.ts -> route-modify.ts -> RouteApi ->
 * routeRequestCodec) on many random lines, no kernel needed: every line
 * the fast path takes must give exactly the generic request (type, flags,
 * bytes) and no error; every line on which it throws must give the generic
 * message and status; the lines it leaves alone are counted, so a fast
 * path that silently stopped taking lines fails too.
 */
import { describe, expect, it } from "vitest";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import type { LinkMessage } from "../../codecs/link/message.ts";
import { NetlinkError, requestRef } from "../../lib/conn/errors.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { makeArgs } from "../../cli/batch-parse.ts";
import { AF, Ctx, defaultOptions } from "../../cli/context.ts";
import { nodev } from "../../cli/errors.ts";
import { memoryIo } from "../../cli/io.ts";
import { findObject, report, runCommand } from "../../cli/main.ts";
import { TABLES } from "../../lib/format/names.ts";
import { quad } from "../../cli/batch-words.ts";
import { routeCommand } from "../../cli/route-commands.ts";
import { FastRoutes } from "../../cli/route-fast.ts";
import { requestFamily } from "../../cli/prefix.ts";
import { Rng, runSeed } from "./helpers.ts";

const LINKS: Record<string, number> = { v0: 2, v1: 3, eth0: 7, "br-lan": 12, "a.b": 40, if9: 9, x: 0x7fffffff };

interface Sent {
  type: number;
  flags: number;
  bytes: string;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/** A connection that records ACK requests and answers link lookups from LINKS. */
function fakeConn(sent: Sent[], lookups: string[]): NetlinkConnection {
  const conn = {
    ack(type: number, flags: number, codec: MessageCodec<unknown>, msg: unknown) {
      const w = new NlWriter();
      codec.encode(w, msg);
      sent.push({ type, flags, bytes: hex(w.toBytes()) });
    },
    // link lookups (lib/rtnl/shared/link-ref.ts lookupLink: ip's ll_link_get request through conn.get)
    get(type: number, codec: MessageCodec<unknown>, msg: unknown) {
      const w = new NlWriter();
      codec.encode(w, msg);
      lookups.push(hex(w.toBytes()));
      throw new NetlinkError(19, {}, requestRef(type, 1));
    },
    raw(type: number, _flags: number, build: (w: NlWriter) => void) {
      const w = new NlWriter();
      build(w);
      lookups.push(hex(w.toBytes()));
      // the names the tests use are known up front (remember below); anything asked is unknown
      throw new NetlinkError(19, {}, requestRef(type, 1));
    },
    close() {},
  };
  return conn as unknown as NetlinkConnection;
}

function newCtx(family: number, sent: Sent[], lookups: string[]) {
  const io = memoryIo();
  const opts = { ...defaultOptions(), family };
  const ctx = new Ctx(opts, io, undefined, () => fakeConn(sent, lookups));
  ctx.names.remember(Object.entries(LINKS).map(([name, index]) => ({ index, flags: ["UP"], attrs: { ifname: name } }) as unknown as LinkMessage));
  return { ctx, io };
}

/** The generic path's outcome for one line. */
async function generic(line: string, family: number) {
  const sent: Sent[] = [];
  const lookups: string[] = [];
  const { ctx, io } = newCtx(family, sent, lookups);
  let code: number;
  try {
    code = await runCommand(ctx, makeArgs(line), { rethrowFatal: false });
  } catch (e) {
    code = report(io, e);
  }
  return { code, stderr: io.stderr, sent, lookups };
}

/** The fast path's outcome: a request, a thrown error's message and status, or not taken. */
function fast(line: string, family: number) {
  const sent: Sent[] = [];
  const lookups: string[] = [];
  const { ctx, io } = newCtx(family, sent, lookups);
  const f = new FastRoutes(requestFamily({ opts: { family } }), { indexOf: (n) => ctx.names.indexOf(n), namesVersion: () => ctx.names.version, tableId: (w) => TABLES.id(w), syncWord: (w) => ["netns", "link-netns", "link-netnsid"].includes(w) }, nodev);
  const bytes = Buffer.from(line, "utf8");
  let row: number;
  try {
    row = f.parse(bytes, 0, bytes.length);
  } catch (e) {
    return { kind: "error" as const, code: report(io, e), stderr: io.stderr, lookups };
  }
  if (row < 0) return { kind: "skip" as const, lookups };
  const w = new NlWriter();
  f.codec.encode(w, row);
  return { kind: "request" as const, sent: { type: f.type, flags: f.flags, bytes: hex(w.toBytes()) }, lookups };
}

function quadText(r: Rng): string {
  return Array.from({ length: 4 }, () => String(r.pick([0, 1, 2, 10, 99, 127, 192, 198, 203, 255, r.int(0, 255)]))).join(".");
}

/** A random IPv6 address (`prefix`: with a prefix length, mostly without host bits), in several spellings. */
function v6Text(r: Rng, prefix: boolean): string {
  const b = new Uint8Array(16);
  b[0] = 0x20; b[1] = 0x01; b[2] = r.pick([0x0d, 0x00]); b[3] = r.pick([0xb8, 0x02]);
  for (let i = 4; i < 16; i++) b[i] = r.chance(0.5) ? 0 : r.int(0, 255);
  const len = prefix ? r.pick([128, 64, 48, 56, 127, 1, r.int(0, 129)]) : 128;
  if (r.chance(0.85)) for (let k = len; k < 128; k++) b[k >> 3]! &= ~(0x80 >> (k & 7));
  const groups = Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16));
  let text = groups.join(":");
  if (r.chance(0.5)) text = text.replace(/(^|:)0(:0)+(:|$)/, "::");
  if (r.chance(0.05)) text = text.toUpperCase();
  if (r.chance(0.03)) text = r.pick(["::ffff:192.0.2.1", "2001:db8:::1", "2001:db8::1::2", ":::", "2001:db8::12345"]);
  return prefix && (len !== 128 || r.chance(0.5)) ? `${text}/${len}` : text;
}

/** A random route line, mostly of the fast shape, often slightly off it. */
function randomLine(r: Rng): string {
  const words: string[] = [];
  words.push(r.chance(0.9) ? r.pick(["route", "route", "r", "ro", "rou", "rout"]) : r.pick(["routes", "ru", "rule", "a", "x", "R"]));
  words.push(r.chance(0.85) ? r.pick(["add", "del", "add", "del", "a", "d", "de", "delete", "change", "chg", "c", "replace", "rep", "append", "app"])
    : r.pick(["prepend", "test", "show", "list", "get", "flush", "help", "frob", "ad", "dele", "deletes"]));
  const parts: string[][] = [];
  // the destination
  let dst: string;
  if (r.chance(0.85)) {
    const len = r.pick([32, 32, 32, 24, 16, 8, 1, 31, r.int(0, 33)]);
    const a = quadText(r);
    const v = quad(Buffer.from(a), 0, a.length);
    const masked = r.chance(0.8) && len > 0 && len < 32 ? v - (v % 2 ** (32 - len)) : v;
    const text = [masked >>> 24, (masked >>> 16) & 255, (masked >>> 8) & 255, masked & 255].join(".");
    dst = r.chance(0.3) && len === 32 ? text : `${text}/${r.chance(0.05) ? "0" + len : len}`;
  } else if (r.chance(0.6)) dst = v6Text(r, true);
  else dst = r.pick(["default", "all", "10/8", "10.1.2/24", "010.1.2.3/32", "1.2.3.256", "1.2.3.4/", "1.2.3.4/x", "::1", "2001:db8::/64", "to", "blackhole", "unreachable", "1.2.3.4.5", "1..2.3", "1.2.3.4/33"]);
  if (r.chance(0.03)) dst = "'" + dst + "'";
  parts.push(r.chance(0.05) ? ["to", dst] : [dst]);
  const v6 = dst.includes(":");
  if (r.chance(0.7)) parts.push(["via", r.chance(0.9) ? (v6 ? v6Text(r, false) : quadText(r)) : r.pick(["inet", "2001:db8::1", "1.2.3", "x", "1.2.3.4/32", "300.1.1.1", "fe80::1%v0", "2001:db8::g"])]);
  if (r.chance(0.7)) parts.push([r.pick(["dev", "dev", "dev", "oif"]), r.chance(0.85) ? r.pick(Object.keys(LINKS)) : r.pick(["nope", "netns", "if5", "if99999999999", "way-too-long-name0", "é0"])]);
  if (r.chance(0.3)) parts.push([r.pick(["table", "table", "tab", "t"]), r.pick(["main", "local", "default", "100", "254", "255", "256", "70000", "4294967295", "4294967296", "0", "0x10", "unspec", "foo", "-1"])]);
  if (r.chance(0.3)) parts.push([r.pick(["metric", "metric", "priority", "preference", "met"]), r.pick(["0", "1", "100", "007", "4294967295", "4294967296", "0x10", "abc", "12345678901"])]);
  if (r.chance(0.1)) parts.push(r.pick([["proto", "static"], ["scope", "link"], ["onlink"], ["src", "192.0.2.1"], ["mtu", "1400"], ["nexthop", "via", "192.0.2.2"]]));
  if (r.chance(0.05)) parts.push([r.pick(["via", "dev", "table", "metric"])]); // a keyword without its value (last)
  if (r.chance(0.05)) parts.push([r.pick(["via", "dev", "table", "metric"]), "1.2.3.4"]); // a duplicate, maybe
  if (r.chance(0.03)) parts.push([quadText(r)]); // a second destination
  for (let i = parts.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  for (const p of parts) words.push(...p);
  // nexthop groups (the rest of the line)
  if (r.chance(0.4)) {
    const groups = r.pick([1, 2, 2, 3, 1, 2, 32, 33]);
    for (let g = 0; g < groups; g++) {
      words.push(r.chance(0.97) ? "nexthop" : r.pick(["nh", "next", "table", "x"]));
      const hop: string[][] = [];
      if (r.chance(0.85)) hop.push(["via", r.chance(0.9) ? (v6 ? v6Text(r, false) : quadText(r)) : r.pick(["inet", "inet6", "2001:db8::1", "192.0.2.1", "1.2.3", "x"])]);
      if (r.chance(0.8)) hop.push([r.chance(0.95) ? "dev" : "oif", r.chance(0.95) ? r.pick(Object.keys(LINKS)) : r.pick(["nope", "netns", "if5"])]);
      if (r.chance(0.3)) hop.push(["weight", r.chance(0.8) ? r.pick(["1", "2", "256", "007"]) : r.pick(["257", "0", "x", "-1"])]);
      if (r.chance(0.02)) hop.push(r.pick([["onlink"], ["via", "192.0.2.9"], ["dev", "v1"], ["metric", "5"], ["encap"]]));
      for (let i = hop.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [hop[i], hop[j]] = [hop[j]!, hop[i]!];
      }
      for (const p of hop) words.push(...p);
    }
  }
  const sep = () => (r.chance(0.95) ? " " : r.pick(["  ", "\t", " \t ", "\r"]));
  return (r.chance(0.05) ? sep() : "") + words.join(sep()) + (r.chance(0.05) ? sep() : "");
}

describe("batch fast path for route lines", () => {
  const seed = runSeed();

  it(`gives the generic path's requests and messages (seed ${seed})`, async () => {
    const r = new Rng(seed);
    const counts = { request: 0, error: 0, skip: 0 };
    const taken = { v6: 0, nexthop: 0 };
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(r);
      const family = r.chance(0.8) ? AF.UNSPEC : r.pick([AF.INET, AF.INET6, AF.PACKET]);
      const f = fast(line, family);
      counts[f.kind]++;
      if (f.kind === "request" && line.includes(":")) taken.v6++;
      if (f.kind === "request" && line.includes("nexthop")) taken.nexthop++;
      if (f.kind === "skip") {
        expect(f.lookups, `seed ${seed}: ${JSON.stringify(line)}: a line not taken makes no lookup`).toEqual([]);
        continue;
      }
      const g = await generic(line, family);
      const ctx = `seed ${seed} family ${family}: ${JSON.stringify(line)}`;
      expect(f.lookups, ctx).toEqual(g.lookups);
      if (f.kind === "request") expect({ code: g.code, stderr: g.stderr, sent: g.sent }, ctx).toEqual({ code: 0, stderr: "", sent: [f.sent] });
      else expect({ code: f.code, stderr: f.stderr, sent: [] as Sent[] }, ctx).toEqual({ code: g.code, stderr: g.stderr, sent: g.sent });
    }
    // about a seventh of the generated lines have the fast shape exactly (and nodev is seen): they must be taken,
    // but for the 1 in 15 checked with -0 (AF_PACKET), whose prefixes only the generic path refuses
    expect(counts.request, JSON.stringify(counts)).toBeGreaterThan(2_200);
    expect(counts.error, JSON.stringify(counts)).toBeGreaterThan(100);
    // IPv6 lines and nexthop groups too
    expect(taken.v6, JSON.stringify(taken)).toBeGreaterThan(200);
    expect(taken.nexthop, JSON.stringify(taken)).toBeGreaterThan(50);
  }, 60_000);

  it("takes the bench's lines and writes ip's requests for them", () => {
    const f = fast("route add 203.0.113.2/32 via 192.0.2.2 dev v0", AF.UNSPEC);
    expect(f.kind).toBe("request");
    // nlmsghdr type 24 (RTM_NEWROUTE), NLM_F_CREATE|NLM_F_EXCL; rtmsg inet /32 main boot universe unicast; DST, GATEWAY, OIF
    expect(f.kind === "request" && f.sent).toEqual({
      type: 24, flags: 0x600,
      bytes: "02200000fe030001" + "00000000" + "08000100cb007102" + "08000500c0000202" + "0800040002000000",
    });
    const d = fast("route del 203.0.113.2/32", AF.UNSPEC);
    // RTM_DELROUTE, no flags; protocol 0, scope nowhere, type unspec
    expect(d.kind === "request" && d.sent).toEqual({ type: 25, flags: 0, bytes: "02200000fe00ff00" + "00000000" + "08000100cb007102" });
  });

  it("looks a link name up again once the link names changed", () => {
    const sent: Sent[] = [];
    const lookups: string[] = [];
    const { ctx } = newCtx(AF.UNSPEC, sent, lookups);
    let asked = 0;
    const env = {
      indexOf: (n: string) => (asked++, ctx.names.indexOf(n)), namesVersion: () => ctx.names.version,
      tableId: (w: string) => TABLES.id(w), syncWord: () => false,
    };
    const f = new FastRoutes(0, env, nodev, 2.5);
    const oif = (line: string) => {
      const b = Buffer.from(line);
      const row = f.parse(b, 0, b.length);
      const w = new NlWriter();
      f.codec.encode(w, row);
      return new DataView(w.buf.buffer).getUint32(w.pos - 4, true);
    };
    expect(oif("route add 198.51.100.1/32 dev v0")).toBe(2);
    expect(oif("route add 198.51.100.2/32 dev v0")).toBe(2);
    expect(asked).toBe(1);
    ctx.names.clear(); // what the batch runner does after a link line
    ctx.names.remember([33, 3].map((index, i) => ({ index, flags: [], attrs: { ifname: `v${i}` } }) as unknown as LinkMessage));
    expect(oif("route add 198.51.100.3/32 dev v0")).toBe(33);
    expect(oif("route add 198.51.100.4/32 dev v1")).toBe(3);
    expect(oif("route add 198.51.100.5/32 dev v0")).toBe(33);
    expect(asked).toBe(4);
    for (let i = 0; i < 40; i++) expect(oif(`route add 203.0.113.${i}/32 dev v0`)).toBe(33); // rows beyond the first room
    expect(f.size).toBe(45);
    ctx.names.clear();
    expect(() => oif("route add 198.51.100.6/32 dev v0")).toThrow(/Cannot find device "v0"/);
  });

  it("knows the route object and commands as ip's tables do", () => {
    for (const w of ["r", "ro", "rou", "rout", "route"]) expect(findObject(w).name).toBe("route");
    const cases: Array<[string, string | undefined]> = [
      ["a", "add"], ["add", "add"], ["c", "change"], ["chg", "change"], ["r", "replace"], ["p", "prepend"], ["ap", "append"],
      ["t", "test"], ["d", "del"], ["delete", "del"], ["l", "list"], ["s", "list"], ["g", "get"], ["f", "flush"],
      ["h", "help"], ["addx", undefined], ["x", undefined],
    ];
    for (const [w, want] of cases) expect(routeCommand(w), w).toBe(want);
  });

  it("leaves lines with quotes, other families and unknown words to the generic path; takes IPv6 and nexthop lines", () => {
    for (const line of [
      `route add "198.51.100.1/32" dev v0`, "route add 198.51.100.1/32 dev v0 proto static", "route add 2001:db8::/64 via 192.0.2.2",
      "route add 198.51.100.1/24 dev v0", "route add 10/8 dev v0", "route add default via 192.0.2.2", "route add 198.51.100.1/32 dev netns",
      "route prepend 198.51.100.1/32 dev v0", "route show", "route add 198.51.100.1/32 dev v0 dev v1", "route add 198.51.100.1/32 via",
    ]) expect(fast(line, AF.UNSPEC).kind, line).toBe("skip");
    expect(fast("route add 198.51.100.1/32 dev v0", AF.INET6).kind).toBe("skip");
    expect(fast("route add 2001:db8::/64 dev v0", AF.INET).kind).toBe("skip");
    expect(fast("route add 2001:db8::/64 dev v0", AF.INET6).kind).toBe("request");
    expect(fast("route add 198.51.100.0/24 nexthop via 192.0.2.2 dev v0 nexthop via 192.0.2.3 dev v1 weight 3", AF.UNSPEC).kind).toBe("request");
    expect(fast("route add 2001:db8:1::/48 nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0", AF.UNSPEC).kind).toBe("request");
    expect(fast("route add 198.51.100.1/32 dev v0", AF.INET).kind).toBe("request");
  });
});
