/**
 * The command line as a program: the `bin` entry runs through npx and
 * through a node_modules/.bin-style symlink (the way npm and bunx install
 * it), and pieces that need no kernel: ip's JSON layout, option parsing,
 * object prefixes, usage errors.
 */
import { mkdtempSync, rmSync, symlinkSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JsonWriter, jsonString } from "../../lib/format/json.ts";
import { findObject, parseOptions, VERSION } from "../../cli/main.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, ip } from "./helpers.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN_DIR = join(ROOT, "node_modules", ".bin");
const ENV = { ...process.env, PATH: `${BIN_DIR}:${process.env.PATH ?? ""}` };

function run(cmd: string[], cwd = ROOT) {
  const r = Bun.spawnSync({ cmd, cwd, env: ENV, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe("bun-netlink program", () => {
  it("package.json names the built scripts as bins; the source entry is executable with a bun shebang", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    // npm run build (prepack) bundles cli/bun-netlink into dist/; test/pack/consumer.test.ts runs the installed bin.
    expect(pkg.bin).toEqual({ "bun-netlink": "dist/cli/bun-netlink.js", "bun-netlink-tc": "dist/cli/bun-netlink-tc.js" });
    const file = join(ROOT, "cli", "bun-netlink");
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe("#!/usr/bin/env bun");
  });

  it("runs through a node_modules/.bin symlink from another directory (as installed by npm/bunx)", () => {
    const dir = mkdtempSync(join(tmpdir(), "bnl-bin-"));
    try {
      mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
      const link = join(dir, "node_modules", ".bin", "bun-netlink");
      symlinkSync(join(ROOT, "cli", "bun-netlink"), link);
      expect(run([link, "-V"], dir)).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
      const bad = run([link, "frob"], dir);
      expect(bad).toMatchObject({ code: 1, stdout: "", stderr: 'Object "frob" is unknown, try "ip help".\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describeKernel("bun-netlink program (root)", () => {
  it("prints `link show` of a namespace like ip, as a separate process", () => {
    const ns = tempNetns();
    try {
      const want = ip(["-j", "-n", ns.name, "link", "show"]);
      const got = run([join(ROOT, "cli", "bun-netlink"), "-j", "-n", ns.name, "link", "show"]);
      expect(got).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
      // The source entry, as a clone runs it; `npx bun-netlink` needs the built bin (dist/, `npm run
      // build`), which the pack tests cover installed.
      const text = run([join(ROOT, "cli", "bun-netlink"), "-n", ns.name, "address"]);
      expect(text.stdout).toBe(ip(["-n", ns.name, "address"]).stdout);
    } finally {
      ns.remove();
    }
  }, 30_000);

  it("-batch - reads standard input", async () => {
    const ns = tempNetns();
    try {
      const r = await cli(["-n", ns.name, "-batch", "-"], "link add d0 type bridge\nlink set d0 up\naddr add 192.0.2.1/24 dev d0\n");
      expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(ip(["-j", "-n", ns.name, "address", "show", "dev", "d0"]).stdout).toContain('"local":"192.0.2.1"');
    } finally {
      ns.remove();
    }
  });
});

describe("ip's JSON writer layout", () => {
  it("compact and pretty forms as json_writer.c lays them out", () => {
    for (const pretty of [false, true]) {
      const w = new JsonWriter(pretty);
      w.startArray();
      w.startObject();
      w.name("a");
      w.raw("1");
      w.name("flags");
      w.startArray();
      w.string("X");
      w.string("Y");
      w.endArray();
      w.name("e");
      w.startArray();
      w.endArray();
      w.name("o");
      w.startObject();
      w.name("k");
      w.string("v");
      w.endObject();
      w.endObject();
      w.startObject();
      w.endObject();
      w.endArray();
      const want = pretty
        ? '[ {\n        "a": 1,\n        "flags": [ "X","Y" ],\n        "e": [ ],\n        "o": {\n            "k": "v"\n        }\n    },{} ]'
        : '[{"a":1,"flags":["X","Y"],"e":[],"o":{"k":"v"}},{}]';
      expect(w.take()).toBe(want);
    }
  });

  it("escapes like ip 6.1 (backslash, quote, control characters it knows; not the single quote)", () => {
    expect(jsonString('a\\b"c\'d\te\nf\r\b\f')).toBe('"a\\\\b\\"c\'d\\te\\nf\\r\\b\\f"');
  });
});

describe("global options and objects", () => {
  it("parses ip's option prefixes", () => {
    const p = parseOptions(["-j", "-p", "-d", "-d", "-s", "-br", "-o", "-4", "-n", "x", "-force", "-b", "f", "link"]);
    expect("opts" in p && p.opts).toMatchObject({ json: true, pretty: true, details: 2, stats: 1, brief: true, oneline: true, family: 2, netns: "x", force: true, batch: "f" });
    expect("rest" in p && p.rest).toEqual(["link"]);
    const q = parseOptions(["--json", "-family", "inet6", "-stat", "-Numeric", "addr"]);
    expect("opts" in q && q.opts).toMatchObject({ json: true, family: 10, stats: 1, numeric: true });
    expect(parseOptions(["-x"])).toEqual({ exit: expect.objectContaining({ code: 255, message: 'Option "-x" is unknown, try "ip -help".\n' }) });
  });

  it("resolves object prefixes as ip's table does", () => {
    expect(findObject("a").name).toBe("address");
    expect(findObject("r").name).toBe("route");
    expect(findObject("ru").name).toBe("rule");
    expect(findObject("n").name).toBe("neighbor");
    expect(findObject("net").name).toBe("netns");
    expect(findObject("nex").name).toBe("nexthop");
    expect(findObject("l").name).toBe("link");
    expect(findObject("mo").name).toBe("monitor");
    expect(findObject("m").name).toBe("maddress");
    expect(findObject("tunt").name).toBe("tuntap");
    expect(findObject("ta").name).toBe("tap");
    expect(() => findObject("tunn")).toThrow(/Object "tunnel" is not implemented/);
    expect(() => findObject("nh")).toThrow(/unknown/);
  });

  it("usage errors without a kernel", async () => {
    expect(await cli([])).toMatchObject({ code: 255, stdout: "" });
    expect(await cli(["-V"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(await cli(["frob"])).toEqual({ code: 1, stdout: "", stderr: 'Object "frob" is unknown, try "ip help".\n' });
  });
});
