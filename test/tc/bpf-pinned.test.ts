/**
 * bpf filters by pinned path against the kernel (cls_bpf is there): a
 * sched_cls program loaded and pinned with bpf(2) (lib/sys/bpf.ts) in a
 * bpffs mounted inside a private mount namespace (unshare -m, so nothing is
 * mounted on the host), then `filter add ... bpf object-pinned PATH` and its
 * variants (pinned, fd, run, da, classid, skip_sw) and refusals (missing
 * pin, a mode tc does not know, help), the `m:NAME` shorthand (NAME under
 * tc's work dir in the bpffs) and the bpf action's pinned forms through tc in one namespace and
 * bun-netlink-tc in its twin: same stdout, stderr and exit status, and
 * afterwards the same `tc filter show` text and -json (one program, so the
 * same id and tag). The request bytes for the same commands are compared
 * in iproute2-bytes.test.ts-style below with a recorded fd-free check.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel } from "../helpers/netns.ts";
import { oursTc, tc, tcNetns, theirsTc } from "./kernel-env.ts";

const ADDS = [
  "filter add dev v0 ingress pref 1 bpf object-pinned @DIR@/prog",
  "filter add dev v0 ingress pref 2 bpf pinned @DIR@/prog da",
  "filter add dev v0 egress pref 3 protocol ip bpf run fd @DIR@/prog classid 1:5 direct-action",
  "filter add dev v0 egress pref 4 handle 7 bpf da object-pinned @DIR@/prog section foo verbose",
  "filter add dev v0 ingress pref 5 bpf object-pinned @DIR@/missing",
  "filter add dev v0 ingress pref 6 bpf object-pinned @DIR@/prog skip_sw",
  "filter add dev v0 ingress pref 7 bpf frob @DIR@/prog",
  "filter add dev v0 ingress pref 8 bpf help",
  "filter add dev v0 ingress pref 9 bpf object-pinned @DIR@/prog bogus",
  "filter add dev v0 ingress pref 10 bpf bytecode 1,6 0 0 4294967295",
  "filter add dev v0 ingress pref 11 bpf object-pinned",
  "filter add dev v0 ingress pref 12 bpf object-pinned m:mprog da",
  "filter add dev v0 egress pref 13 bpf pinned m:nope",
  "action add action bpf object-pinned @DIR@/prog",
  "action add action bpf fd m:mprog index 4",
  "action add action bpf pinned m:nope",
  "action add action bpf run pinned @DIR@/missing",
  "filter add dev v0 egress pref 14 protocol ip u32 match u32 0 0 action bpf object-pinned m:mprog",
];
const SHOWS = ["filter show dev v0 ingress", "filter show dev v0 egress", "-j filter show dev v0 ingress", "-s -d -j filter show dev v0 egress"];

function unshareAvailable(): boolean {
  return spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status === 0;
}

describeKernel("bpf object-pinned: bun-netlink-tc does what tc does", () => {
  it.skipIf(kernelLacks("filter:bpf") || (process.env.CI !== "true" && !unshareAvailable()))("filter add by pinned path, its refusals, and the listings after", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    const dir = mkdtempSync(join(tmpdir(), "tca-bpffs-"));
    try {
      const helper = new URL("./bpf-pin-helper.ts", import.meta.url).pathname;
      const cmds = JSON.stringify(ADDS.map((c) => c.split(" ")));
      const r = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", 'mount -t bpf bpf "$0" && exec "$1" "$2" "$0" "$3" "$4" "$5"', dir, process.execPath, helper, a.name, b.name, cmds], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout) as Array<{ cmd: string; theirs: unknown; ours: unknown }>;
      for (const x of res) expect(x.ours, x.cmd.replaceAll(dir, "DIR")).toEqual(x.theirs);
      expect(res[0]!.theirs).toEqual({ code: 0, out: "", err: "" });
    } finally {
      rmdirSync(dir);
    }
    for (const s of SHOWS) expect(await oursTc(b.name, s.split(" ")), s).toEqual(theirsTc(a.name, s.split(" ")));
    expect(tc(a.name, ["filter", "show", "dev", "v0", "ingress"])).toContain("prog:[*fsobj] direct-action");
    expect(tc(a.name, ["filter", "show", "dev", "v0", "ingress"])).toContain("m:mprog:[*fsobj] direct-action");
  }, 60_000);
});
