/**
 * Command lines of the kernel's tc selftests (tools/testing/selftests/
 * tc-testing, run by scripts/selftests/tdc.sh) where bun-netlink-tc
 * differed from tc 6.1: each runs through tc in one namespace and
 * bun-netlink-tc in its twin, with the same exit status, stdout and stderr,
 * and then the same `tc actions list` (the state). The tdc ids are named.
 * Without act_mirred the kernel refuses the mirred lines; the parse-only
 * ones (exit before any request) are still compared.
 */
import { it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { expectSameTc, tcNetns } from "./kernel-env.ts";

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
