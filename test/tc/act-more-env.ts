/**
 * The differential helpers of the added action kinds' tests (act-vlan,
 * act-tunnel-key, ...): a command line's request as tc 6.1 sends it
 * (strace, now, in a scratch namespace; the kernel may refuse a kind it
 * lacks after tc sent it) against what bun-netlink-tc sends to a fake
 * kernel for the same words; and, where tc sends nothing (a parse error),
 * tc's status, stdout and stderr against ours in twin namespaces.
 */
import { expect } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { doAction } from "../../cli/tc/action.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { captureIp } from "../../fixtures/strace.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";
import { expectSameTc, tcNetns } from "./kernel-env.ts";

const VETH = [["link", "add", "v0", "type", "veth", "peer", "name", "v1"], ["link", "set", "v0", "up"], ["link", "set", "v1", "up"]];

/** Each line through tc and bun-netlink-tc in twin namespaces: same status, stdout, stderr. */
export async function sameAnswers(lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    using a = tcNetns(false);
    using b = tcNetns(false);
    await expectSameTc(a.name, b.name, [line], `${line}: `);
  }
}

/**
 * tc's request for each line ("actions ..." or "filter ... dev v0 ...") equals what bun-netlink-tc
 * sends to a fake kernel (nlmsg_seq/pid zeroed); where tc sent nothing, its answer equals ours.
 * `prepare` adjusts tc's message before the comparison. Returns the lines tc sent a request for.
 */
export async function sameRequests(lines: readonly string[], prepare: (theirs: Uint8Array) => Uint8Array = (m) => m): Promise<string[]> {
  const sent: string[] = [];
  for (const line of lines) {
    const words = line.split(" ");
    const filter = words[0] === "filter";
    const types = filter ? [RTM_TC.NEWTFILTER] : [RTM_TC.NEWACTION];
    const cap = captureIp(words, { program: "tc", setup: filter ? VETH : [] });
    const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), types).map(prepare);
    if (theirs.length === 0) {
      await sameAnswers([line]);
      continue;
    }
    sent.push(line);
    const { conn, kernel } = fakeConn({ links: { lo: 1 } });
    try {
      if (filter) {
        const ifindex = new DataView(theirs[0]!.buffer, theirs[0]!.byteOffset).getInt32(20, true);
        doFilter(fakeTcCtx(conn, { lo: 1, v0: ifindex, v1: ifindex + 1 }), words.slice(1));
      } else doAction(fakeTcCtx(conn, { lo: 1 }), words.slice(1));
    } catch (e) {
      throw new Error(`${line}: ${(e as Error).message}`);
    }
    const ours = messagesOf(kernel.sent, types);
    expect(ours.map(normalisedHex), line).toEqual(theirs.map(normalisedHex));
  }
  return sent;
}
