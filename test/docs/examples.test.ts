import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deleteNetns } from "../../lib/netns/manage.ts";
import { describeKernel } from "../helpers/netns.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, "utf8");
const embedded = [...readme.matchAll(/<!-- example: (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```/g)];

/**
 * Run an example; if it was killed (timeout) before its own cleanup, remove
 * the namespaces it named after its pid so nothing is left behind.
 */
function run(file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (r.pid && existsSync("/run/netns")) {
    for (const name of readdirSync("/run/netns")) if (name.includes(String(r.pid))) deleteNetns(name);
  }
  return r;
}

describe("README examples", () => {
  it("embeds the example files verbatim", () => {
    expect(embedded.map((m) => m[1])).toEqual(["examples/tour.ts", "examples/batch.ts", "examples/sandbox.ts", "examples/codecs.ts", "examples/events.ts"]);
    for (const [, file, body] of embedded) expect(body, file).toBe(readFileSync(`${ROOT}${file}`, "utf8"));
  });

  it("codecs example decodes and re-encodes without root", () => {
    const r = run("examples/codecs.ts");
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain('ifname: "lo"');
    expect(r.stdout).toContain('operstate: "UNKNOWN"');
    expect(r.stdout.trim().endsWith("true")).toBe(true);
  });
});

describeKernel("README examples against the kernel", () => {
  it("tour", () => {
    const r = run("examples/tour.ts");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("192.0.2.1/24");
    expect(r.stdout).toContain(" v0 br0 9000\n"); // add returned the links made (br%d named br0), change applied the mtu
    expect(r.stdout).toContain("EEXIST");
  });
  it("batch", () => {
    const r = run("examples/batch.ts");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('9999 [ "#5: EEXIST" ]');
    expect(r.stdout).toContain("9999 routes via 192.0.2.254");
  });
  it("events", () => {
    const r = run("examples/events.ts");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("address event: 192.0.2.1 on link");
    expect(r.stdout).toContain('watched links: [ "lo", "v0", "v1" ]');
  });
  it("sandbox", () => {
    const r = run("examples/sandbox.ts");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("192.0.2.10/24");
  });
});
