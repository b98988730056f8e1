// A program compiled from the repository's sources (not the published dist/) has neither the
// monitor worker nor the namespace exec helper inside it: execInNetns and subscribe refuse with
// an error that says so, before starting a process or a thread, and leak no descriptor.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "bnl-refusal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a binary compiled from the sources", () => {
  it("refuses execInNetns and subscribe with clear errors and never runs itself again", () => {
    const app = join(dir, "app");
    const b = spawnSync(process.execPath, ["build", "--compile", resolve(import.meta.dirname, "consumer/from-sources.ts"), "--outfile", app], { encoding: "utf8" });
    expect(b.status, b.stderr).toBe(0);
    const runs = join(dir, "runs");
    writeFileSync(runs, "");
    const r = spawnSync(app, [runs], { cwd: "/", encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string | number>;
    expect(out.exec).toMatch(/^execInNetns: this executable was compiled from bun-netlink's sources, which do not embed the namespace exec helper; compile against the published package/);
    expect(out.subscribe).toMatch(/^subscribe: the monitor worker file:\/\/\/\$bunfs\/.*waiter-worker\.ts is not on disk .*bundle or compile the published package/);
    expect(out.socketsLeaked).toBe(0); // the netlink socket subscribe opened first was closed again
    expect(readFileSync(runs, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
