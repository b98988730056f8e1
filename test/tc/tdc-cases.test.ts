/**
 * Command lines of the kernel's tc selftests (tools/testing/selftests/
 * tc-testing, run by scripts/selftests/tdc.sh) where bun-netlink-tc
 * differed from tc 6.1: each runs through tc in one namespace and
 * bun-netlink-tc in its twin, with the same exit status, stdout and stderr,
 * and then the same `tc actions list` (the state). The tdc ids are named.
 * Without act_mirred the kernel refuses the mirred lines; the parse-only
 * ones (exit before any request) are still compared. gact (which this
 * kernel lacks: it refuses after tc sent), police and skbedit are compared by their
 * request bytes:
 * tc's, captured with strace now, against what bun-netlink-tc sends to a
 * fake kernel for the same words (nlmsg_seq/pid zeroed).
 */
import { expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { doAction } from "../../cli/tc/action.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { captureIp } from "../../fixtures/strace.ts";
import { describeKernel } from "../helpers/netns.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";
import { expectSameTc, oursTc, tcNetns, theirsTc } from "./kernel-env.ts";

// tdc actions/mirred.json: m_mirred.c parse_direction's loop (index before dev, words skipped
// after the direction, `action` ending the words), the mirror's control verdict, a trailing index.
const MIRRED_KERNEL = [
  "actions add action mirred egress mirror index 1 dev lo", // 5124
  "actions add action mirred egress redirect index 2 dev lo action pipe", // 6fb4 (then gact pipe)
  "actions add action mirred egress mirror index 20 dev eltoh", // 2a9a: Cannot find device
  "actions add action mirred ingress mirror dev lo jump 10 index 99", // 8917
  "actions add action mirred ingress mirror dev lo goto chain 42 index 90 cookie c1a0c1a0", // 2a9a-like goto chain
  "actions add action mirred ingress mirror index 1 dev lo", // blockid group's last replace
  "actions add action mirred egress mirror dev lo p index 3", // a prefix of pass
  "actions add action mirred ingress mirror dev lo pipe index 429496729555", // 612f: mirred: Illegal "index"
  "actions add action mirred egress mirror index 4 dev lo index 5", // mirred: Illegal double index
];
const MIRRED_PARSE = [
  "actions add action mirred egress remirror index 20 dev lo", // d7c0: incomplete (words skipped)
  "actions add action mirred inbound mirror index 20 dev lo", // e213: mirred option not supported
  "actions add action mirred ingress redirect index 1", // blockid group: incomplete
  "actions add action mirred egress mirror index 1 blockid 21", // incomplete
  "actions add action mirred egress redirect mirror dev lo", // Can't have both mirror and redir
  "actions add action mirred egress ingress mirror dev lo",
  "actions add action mirred egress mirror dev lo dev v0",
  "actions add action mirred help",
];

describeKernel("tdc cases: bun-netlink-tc answers as tc does", () => {
  it("mirred command lines (tdc actions/mirred.json)", async () => {
    const lines = kernelLacks("action:mirred") ? MIRRED_PARSE : [...MIRRED_KERNEL, ...MIRRED_PARSE];
    for (const line of lines) {
      using a = tcNetns(false);
      using b = tcNetns(false);
      await expectSameTc(a.name, b.name, [line, "actions list action mirred", "actions list action gact"], `${line}: `);
    }
  }, 60_000);
});

// tdc actions/gact.json: m_gact.c parse_gact (random netrand|determ, verdict prefixes, goto chain, jump).
const GACT_SENT = [
  "actions add action pass index 8", // e89a
  "actions add action drop random determ ok 10 index 9", // 4f84-like
  "actions add action continue random netrand drop 75 index 2",
  "actions add action reclassify random determ pass 100 index 3",
  "actions add action gact goto chain 4 random netrand jump 2 5000",
  "actions add action p index 4", // a prefix of pass
  "actions add action jump 3 index 5",
  "actions add action gact index 7", // binds an existing action
];
const GACT_PARSE = [
  "actions add action pass random determ drop 10001 index 1", // 7f52: Illegal probability val
  // (a value get_u16 refuses prints tc's uninitialised pval: not compared)
  "actions add action pass random foo drop 1", // Illegal "random type"
  "actions add action pass random determ nosuch 10", // Bad action type + usage
  "actions add action stolen index 1", // not an action_a2n word: gact's usage
  "actions add action gact help",
  "actions add action pass index 4294967296",
];

// tdc actions/police.json: m_police.c act_parse_police (overhead, linklayer, conform-exceed
// with a slash or spaced, goto chain, and the first other word left to parse_action).
const POLICE_SENT = [
  "actions add action police rate 1mbit burst 100k overhead 64 index 64", // f057
  "actions add action police rate 2mbit burst 200k linklayer ethernet index 8", // 7ffb
  "actions add action police rate 2mbit burst 200k linklayer atm index 8", // 3dda
  "actions add action police rate 3mbit burst 250k conform-exceed 0/3 index 1", // 6aaf
  "actions add action police rate 1mbit burst 1k conform-exceed pass / goto chain 42", // b48b
  "actions add action police rate 10mbit burst 10k index 1 cookie a1b1c1d1e1f12233bb", // f3c9 (odd cookie: invarg)
  "actions replace action police rate 3mbit burst 250k goto chain 42 index 90 cookie c1a0c1a0", // 689e
  "actions add action police rate 1kbit burst 10k index 100 skip_hw", // 7d64
  "actions add action police rate 1mbit burst 10k peakrate 2mbit mtu 2k linklayer adsl drop",
  "actions add action police avrate 1mbit conform-exceed reclassify/drop index 3",
  "actions add action police rate 3mbit burst 250k conform-exceed 10/drop index 1", // 29b1 (a number is a verdict too)
];
const POLICE_PARSE = [
  "actions add action police rate 10mbit burst 10k index 4294967296", // invarg index
  "actions add action police rate 10mbit burst 10k overhead 65536",
  "actions add action police rate 10mbit burst 10k linklayer foo",
  "actions add action police rate 10mbit index 1", // 'burst' requires 'rate'.
  "actions add action police burst 10k", // MUST be specified
  "actions add action police rate 10mbit burst 10k rate 2mbit",
  "actions add action police rate 1mbit burst 10k peakrate 2mbit", // 'mtu' is required
  "actions add action police help",
];

// tdc actions/skbedit.json: m_skbedit.c parse_skbedit (word prefixes, mark/mask, inheritdsfield,
// the first other word ends the options, then a verdict and index).
const SKBEDIT_SENT = [
  "actions add action skbedit prio 99", // 081d
  "actions add action skbedit priority 8 jump 9 index 2", // ec16
  "actions add action skbedit priority 16 continue index 32 cookie deadbeef", // 1055
  "actions replace action skbedit ptype host goto chain 42 index 90 cookie c1a0c1a0", // 1b2b
  "actions add action skbedit queue_mapping 2 priority 10 mark 7/0xaabbccdd ptype host inheritdsfield index 5",
  "actions add action skbedit mark 1/0xaabbccddeeff112233", // Illegal mask
  "actions add action skbedit prio foo", // Illegal priority
  "actions add action skbedit queue_mapping 67000",
  "actions add action skbedit ptype openair",
  "actions add action skbedit mark 808 pass index 4294967297",
  "actions add action skbedit index 9009",
  "actions add action skbedit drop", // no option: explain
];

describeKernel("tdc cases: gact, police and skbedit requests and refusals equal tc's", () => {
  it("skbedit command lines (tdc actions/skbedit.json)", async () => {
    await sameRequests(SKBEDIT_SENT);
  }, 60_000);

  it("gact command lines (tdc actions/gact.json)", async () => {
    await sameRequests(GACT_SENT);
    await sameAnswers(GACT_PARSE);
  }, 60_000);

  it("police command lines (tdc actions/police.json)", async () => {
    await sameRequests(POLICE_SENT);
    await sameAnswers(POLICE_PARSE);
  }, 60_000);
});

/** Each line through tc and bun-netlink-tc in twin namespaces: same status, stdout, stderr. */
async function sameAnswers(lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    using a = tcNetns(false);
    using b = tcNetns(false);
    await expectSameTc(a.name, b.name, [line], `${line}: `);
  }
}

/** tc's RTM_NEWACTION for each line (strace, now) equals what bun-netlink-tc sends to a fake kernel; where tc sent nothing, its answer equals ours. */
async function sameRequests(lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const words = line.split(" ");
    const cap = captureIp(words, { program: "tc" });
    const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), [RTM_TC.NEWACTION]);
    if (theirs.length === 0) {
      await sameAnswers([line]);
      continue;
    }
    const { conn, kernel } = fakeConn({ links: { lo: 1 } });
    try {
      doAction(fakeTcCtx(conn, { lo: 1 }), words.slice(1));
    } catch (e) {
      throw new Error(`${line}: ${(e as Error).message}`);
    }
    const ours = messagesOf(kernel.sent, [RTM_TC.NEWACTION]);
    expect(ours.map(normalisedHex), line).toEqual(theirs.map(normalisedHex));
  }
}

// tdc filters/cgroup.json: f_cgroup.c cgroup_parse_opt (match EMATCH_TREE, action, police; no
// classid). This kernel may lack cls_cgroup (refused after tc sent): requests compared as bytes,
// the ematch errors (exit 1 before any request) as answers.
const CGROUP_HEAD = ["filter", "add", "dev", "v0", "parent", "ffff:", "handle", "1", "protocol", "ip", "prio", "1", "cgroup"];
const CGROUP_SENT: string[][] = [
  ["match", "cmp(u8 at 0 layer link mask 0xff gt 10)", "action", "drop"], // 6273
  ["match", "cmp(u16 at 0 layer 0 mask 0xff00 lt 3)", "action", "pipe"],
  ["match", "u32(u16 0x1122 0xffff at nexthdr+4)", "and", "u32(u32 0x1 0xffffffff at 8)", "action", "pass"],
  ["match", "meta(nf_mark gt 10)", "or", "not", "meta(vlan eq 1)", "action", "drop"],
  [],
];
const CGROUP_PARSE: string[][] = [
  ["match", "u32(u8 10 0xff at)", "action", "pass"], // 1112-like: missing value
  ["match", "u32(u8 0xzz 0xff at 0)", "action", "pass"], // 3241-like
  ["match", "cmp(u8 at 0 layer link mask 0xff gt)", "action", "drop"],
  ["classid", "1:1"], // no classid in cgroup
  ["help"],
  ["action", "pass", "match", "cmp(u8 at 0 mask 0xff eq 1)"],
];

describeKernel("tdc cases: cgroup filter requests and refusals equal tc's", () => {
  it("cgroup command lines (tdc filters/cgroup.json)", async () => {
    for (const words of CGROUP_SENT) {
      const args = [...CGROUP_HEAD, ...words];
      const cap = captureIp(args, { program: "tc", setup: [["link", "add", "v0", "type", "veth", "peer", "name", "v1"], ["link", "set", "v0", "up"], ["link", "set", "v1", "up"]] });
      const types = [RTM_TC.NEWTFILTER];
      const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), types);
      expect(theirs.length, `tc ${args.join(" ")} sent one request`).toBe(1);
      const { conn, kernel } = fakeConn({ links: { v0: 10, v1: 11 } });
      // the capture's namespace numbers v0 as its own first link: use tc's ifindex
      const ifindex = new DataView(theirs[0]!.buffer, theirs[0]!.byteOffset).getInt32(20, true);
      doFilter(fakeTcCtx(conn, { v0: ifindex, v1: ifindex + 1 }), args.slice(1));
      const ours = messagesOf(kernel.sent, types);
      expect(ours.map(normalisedHex), args.join(" ")).toEqual(theirs.map(normalisedHex));
    }
    for (const words of CGROUP_PARSE) {
      using a = tcNetns(false);
      using b = tcNetns(false);
      const args = [...CGROUP_HEAD, ...words];
      const t = theirsTc(a.name, args);
      expect(await oursTc(b.name, args), args.join(" ")).toEqual(t);
    }
  }, 60_000);
});
