/**
 * The kernel's tc selftests (tc-testing/tc-tests/qdiscs/*.json) of the
 * qdisc kinds added after fq_codel: every cmdUnderTest that is one `tc
 * qdisc|class add|change|replace` line runs through tc under strace now
 * (scratch namespace, veth v0; $DUMMY/$DEV1/$ETH become v0) and through
 * bun-netlink-tc's commands over a fake kernel. When tc sent a request,
 * ours must be the same bytes (nlmsg_seq/pid zeroed); when tc refused the
 * words before sending, ours must refuse with the same stderr and exit
 * status. This kernel lacks most of these kinds, which refuse after tc
 * sent, so the bytes are what is compared; tdc.sh runs the cases whole
 * where the kernel has them.
 */
import { existsSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { captureIp } from "../../fixtures/strace.ts";
import { LINKS, SETUP } from "../../fixtures/tc/iproute2-captures.ts";
import { doClass, doQdisc } from "../../cli/tc/commands.ts";
import { CliError } from "../../cli/errors.ts";
import { describeKernel } from "../helpers/netns.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const DIR = "/work/selftests/linux-source-6.12/tools/testing/selftests/tc-testing/tc-tests/qdiscs/";
const KINDS = ["codel", "fq_pie", "red", "cake", "choke", "drr", "ets", "mq", "mqprio", "multiq", "hfsc", "qfq", "sfb", "hhf", "cbs", "etf", "skbprio", "plug"];
const TYPES = [RTM_TC.NEWQDISC, RTM_TC.NEWTCLASS];

interface Line { id: string; args: string[] }

/** The single-command tc qdisc/class lines of the selftests' JSON files. */
function lines(): Line[] {
  const out: Line[] = [];
  for (const k of KINDS) {
    const f = `${DIR}${k}.json`;
    if (!existsSync(f)) continue;
    for (const c of JSON.parse(readFileSync(f, "utf8")) as Array<{ id: string; cmdUnderTest: string }>) {
      const cmd = c.cmdUnderTest;
      if (!cmd.startsWith("$TC ") || /[;|&$]/.test(cmd.slice(4).replace(/\$(DUMMY|DEV1|DEV2|ETH)\b/g, ""))) continue;
      const args = cmd.slice(4).replace(/\$(DUMMY|DEV1|DEV2|ETH)\b/g, "v0").trim().split(/\s+/);
      if (["qdisc", "class"].includes(args[0]!) && ["add", "change", "replace"].includes(args[1]!)) out.push({ id: c.id, args });
    }
  }
  return out;
}

describeKernel("tdc qdisc cases of the added kinds: bun-netlink-tc sends tc's bytes or refuses as tc does", () => {
  it.skipIf(!existsSync(DIR))("every cmdUnderTest", () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(100);
    for (const { id, args } of all) {
      const cap = captureIp(args, { program: "tc", setup: SETUP });
      const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), TYPES);
      const { conn, kernel } = fakeConn({ links: LINKS });
      const ctx = fakeTcCtx(conn, LINKS);
      let refused: { code: number; err: string } | undefined;
      try {
        (args[0] === "qdisc" ? doQdisc : doClass)(ctx, args.slice(1));
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        refused = { code: e.code, err: e.message.trim() };
      }
      const label = `${id}: tc ${args.join(" ")}`;
      if (theirs.length) expect(normalisedHex(messagesOf(kernel.sent, TYPES)[0] ?? new Uint8Array(16)), label).toBe(normalisedHex(theirs[0]!));
      else expect(refused, label).toEqual({ code: cap.status, err: cap.stderr });
    }
  }, 300_000);
});
