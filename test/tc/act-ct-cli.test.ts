/**
 * `action ct` command lines (tdc actions/ct.json and more) through tc 6.1
 * and bun-netlink-tc: the request bytes tc sends (strace, now; a kernel
 * without act_ct refuses after tc sent it) against ours to a fake kernel,
 * and tc's status, stdout and stderr where it refuses the words itself.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { sameAnswers, sameRequests } from "./act-more-env.ts";

const SENT = [
  "actions add action ct index 42", "actions add action ct index 42 cookie deadbeef", "actions add action ct clear index 42",
  "actions add action ct zone 404 index 42", "actions add action ct zone 404 commit index 42", "actions add action ct zone 404 commit mark 0x42 index 42",
  "actions add action ct zone 404 commit mark 0x42 nat src addr 5.5.5.7 index 42",
  "actions add action ct commit nat src addr 5.5.5.7-5.5.6.0 port 1000-2000 index 44",
  "actions add action ct commit nat src addr 2001::1 port 1000-2000 index 44",
  "actions add action ct commit nat src addr 2001::1-2001::10 port 1000-2000 index 44",
  "actions add action ct commit force nat src addr 2001::1-2001::10 port 1000-2000 index 44",
  "actions add action ct label 123123 index 44",
  "actions add action ct label 12312300000000000000000000000001/ffffffff000000000000000000000001 index 44",
  "actions add action ct mark 0x42/0xf0 index 42", "actions add action ct no_percpu", "actions add action ct",
  "actions add action ct commit nat dst addr 192.0.2.1 port 10 pipe action drop", // 3992's action words
  "actions add action ct nat zone 3 drop", "actions add action ct commit nat src addr 192.0.2.1 zone 5 label 123/0f",
  "actions add action ct commit nat dst addr 192.0.2.1 port 80 mark 7 goto chain 3", "actions add action ct label 12345 commit",
  "actions add action ct z 1 com f i 3", // prefixes
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action ct commit zone 2 nat src addr 192.0.2.1-192.0.2.9 port 1000 pass",
];
const PARSE = [
  "actions add action ct clear commit", "actions add action ct commit nat", "actions add action ct nat src addr 192.0.2.1 pipe",
  "actions add action ct commit nat src addr 192.0.2.1", // the word after the addresses must exist
  "actions add action ct commit nat src foo 192.0.2.1 pass", "actions add action ct commit nat src addr 192.0.2.300 pass",
  "actions add action ct commit nat src addr 192.0.2.1-2001:db8::1 pass", "actions add action ct commit nat src addr 192.0.2.1 port 70000 pass",
  "actions add action ct commit nat src addr 192.0.2.1 port 1-x pass", "actions add action ct zone 65536", "actions add action ct mark 1/x",
  "actions add action ct label 1234567890123456789012345678901234", "actions add action ct label zz", "actions add action ct label 12/zz",
  "actions add action ct index 4294967296", "actions add action ct help", "actions add action ct zone",
];

describeKernel("tc ct action: requests and refusals equal tc 6.1's", () => {
  it("command lines tc sends (tdc actions/ct.json and more)", async () => {
    expect((await sameRequests(SENT)).length).toBe(SENT.length);
  }, 120_000);
  it("command lines tc refuses", async () => {
    await sameAnswers(PARSE);
  }, 120_000);
});
