/**
 * `rule add|del` send what ip 6.1 sends: each command runs under strace,
 * ip in one twin namespace and bun-netlink in the other, and the
 * RTM_NEWRULE/RTM_DELRULE datagrams must be equal byte for byte with
 * nlmsg_seq and nlmsg_pid zeroed: ip's preferred family (-0: AF_PACKET),
 * its attributes in the order of its words, "all" as a zero-length prefix,
 * the header table it picks. Skipped without strace.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { withTwins } from "./batch-twins.ts";

const BIN = fileURLToPath(new URL("../../cli/bun-netlink", import.meta.url));
const hasStrace = spawnSync("strace", ["-V"]).status === 0;

/** The rule requests (RTM_NEWRULE 32, RTM_DELRULE 33) a traced command sent, as hex with seq and pid zeroed. */
function ruleRequests(cmd: string[]): string[] {
  const r = spawnSync("strace", ["-f", "-X", "raw", "-e", "trace=sendmsg,sendto", "-e", "write=all", "-xx", "-s", "0", ...cmd], { encoding: "utf8" });
  const out: string[] = [];
  let cur: string | undefined;
  for (const raw of r.stderr.split("\n")) {
    const line = raw.replace(/^\[pid\s+\d+\]\s+/, "");
    if (/^(sendmsg|sendto)\(/.test(line)) {
      if (cur !== undefined) out.push(cur);
      cur = "";
      continue;
    }
    const m = /^ \| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2})+)/.exec(line);
    if (m && cur !== undefined) cur += m[1]!.replace(/ /g, "");
  }
  if (cur !== undefined) out.push(cur);
  return out.filter((h) => h.length >= 32 && ["2000", "2100"].includes(h.slice(8, 12))).map((h) => h.slice(0, 16) + "0".repeat(16) + h.slice(32));
}

const CASES = [
  "rule add pref 300 fwmark 5/0xff table 1000 iif v0 sport 5 to 192.0.2.0/24",
  "rule add uidrange 1-2 not from all goto 400 pref 301 protocol static tos 4 realms 3 sup_pl 3 sup_group 1 ipproto tcp",
  "rule del tun_id 5 oif v1 l3mdev dport 8-9",
  "rule add type unicast pref 302", "rule add from 192.0.2.0/24 throw pref 303", "rule add l3mdev pref 304",
  "rule add table 5 pref 305 table 6 blackhole", "rule del to default pref 305",
  "-6 rule add from 2001:db8::/32 to all table 7 pref 8 blackhole", "-0 rule add pref 5 table 5", "-0 rule del pref 5",
  "-f link rule add fwmark 1 table 2", "-B rule add pref 6 nop",
].map((l) => l.split(" "));

describeKernel("rule add|del: ip's request bytes", () => {
  it.skipIf(!hasStrace)("each command's RTM_NEWRULE/RTM_DELRULE equals ip's but for seq and pid", async () => {
    await withTwins("link add v0 type veth peer name v1\n", async (a, b) => {
      for (const args of CASES) {
        const want = ruleRequests(["ip", "-n", a, ...args]);
        const got = ruleRequests([process.execPath, BIN, "-n", b, ...args]);
        expect(want.length, args.join(" ")).toBe(1);
        expect(got, args.join(" ")).toEqual(want);
      }
    });
  }, 60_000);
});
