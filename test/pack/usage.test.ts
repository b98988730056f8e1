// The CLI's top-level usage names bun-netlink; apart from the program name it is ip 6.1's
// `ip help` text (compared with the installed ip), and object texts stay ip's byte for byte.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const cli = resolve(import.meta.dirname, "../../cli/bun-netlink");

describe("usage text", () => {
  it("names bun-netlink at the top level and is otherwise ip's", () => {
    const ours = spawnSync(process.execPath, [cli], { encoding: "utf8" });
    expect(ours.status).toBe(255);
    expect(ours.stderr.split("\n").slice(0, 2)).toEqual([
      "Usage: bun-netlink [ OPTIONS ] OBJECT { COMMAND | help }",
      "       bun-netlink [ -force ] -batch filename",
    ]);
    const ip = spawnSync("ip", ["help"], { encoding: "utf8" });
    expect(ip.status).toBe(255);
    expect(ours.stderr.replace(/^(Usage: | {7})bun-netlink /gm, "$1ip ")).toBe(ip.stderr);
    const help = spawnSync(process.execPath, [cli, "help"], { encoding: "utf8" });
    expect(help.stderr).toBe(ours.stderr);
  });
});
