// The published package as a consumer gets it: `npm pack` (prepack builds dist/), install
// the tarball into a fresh project with typescript and @types/bun from the registry,
// type-check it under strict consumer tsconfigs (bundler and nodenext resolution), use the
// codecs from Node, and compile (and bundle) a program that subscribes, reads a long dump
// ahead, runs `ip` through execInNetns in a throwaway namespace and removes it. Slow (a build and an npm install):
// everything shares one pack and one install.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel, TEMP_NETNS_PREFIX } from "../helpers/netns.ts";

const repo = resolve(import.meta.dirname, "../..");
const here = join(repo, "test/pack/consumer");
const bun = process.execPath;
const NETNS_DIR = "/run/netns";

/** The strict consumer settings the issue names; no allowImportingTsExtensions, no skipLibCheck. */
const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noEmit: true,
  target: "ESNext",
  lib: ["ESNext"],
  types: ["bun"],
  skipLibCheck: false,
};

let tmp = "";
let consumer = "";
let tarball = "";

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined> = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The real Node.js: under `bun --bun` the PATH starts with a directory where
 * `node` is Bun itself, so take the first `node` on PATH that has no `Bun` global.
 */
function realNode(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir, "node");
    if (dir === "" || !existsSync(p)) continue;
    const r = spawnSync(p, ["-p", "typeof Bun + ' ' + process.versions.node"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.startsWith("undefined ")) return p;
  }
  throw new Error("no Node.js on PATH (the codecs are checked under node >= 20)");
}

function namespaces(): string[] {
  return existsSync(NETNS_DIR) ? readdirSync(NETNS_DIR) : [];
}

describeKernel("the packed tarball in a consumer project", () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "bnl-pack-"));
    // prepack runs `npm run build`'s script, so the tarball carries a fresh dist/.
    const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", tmp], repo)) as { filename: string }[];
    tarball = join(tmp, (packed[0] as { filename: string }).filename);
    consumer = join(tmp, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    for (const f of ["app.ts", "node-codecs.mjs"]) copyFileSync(join(here, f), join(consumer, f));
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, "typescript@5.9.3", "@types/bun@1.4.4"], consumer);
  }, 600_000);

  afterAll(() => {
    if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
  });

  it("ships dist/ (JavaScript, declarations, the CLI script) and no TypeScript sources or binary", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    for (const f of ["dist/lib/index.js", "dist/lib/index.d.ts", "dist/codecs/index.js", "dist/codecs/index.d.ts", "dist/node.js", "dist/cli/bun-netlink.js", "package.json", "README.md", "CHANGELOG.md", "LICENSE"]) {
      expect(files).toContain(`package/${f}`);
    }
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files).not.toContain("package/dist/bun-netlink");
  });

  it("installs the CLI as a bin that runs (npx bun-netlink -V)", () => {
    const out = sh("npx", ["--no-install", "bun-netlink", "-V"], consumer);
    expect(out).toBe("bun-netlink utility, version 0.1.0 (iproute2-6.1.0 compatible)\n");
  }, 60_000);

  for (const [name, module] of [
    ["bundler", { module: "Preserve", moduleResolution: "bundler" }],
    ["nodenext", { module: "NodeNext", moduleResolution: "NodeNext" }],
  ] as const) {
    it(`type-checks with zero errors under moduleResolution ${name} and the strictest flags`, () => {
      const file = `tsconfig.${name}.json`;
      writeFileSync(join(consumer, file), JSON.stringify({ compilerOptions: { ...STRICT, ...module }, files: ["app.ts"] }));
      // The consumer's own TypeScript on the real Node (under `bun --bun` the PATH's node is Bun).
      const r = spawnSync(realNode(), [join(consumer, "node_modules/typescript/bin/tsc"), "-p", file], { cwd: consumer, encoding: "utf8" });
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    }, 120_000);
  }

  it("decodes and re-encodes a captured kernel message byte for byte with the codecs from dist under node", () => {
    const out = sh(realNode(), ["node-codecs.mjs", join(repo, "fixtures/link/veth.json")], consumer);
    const r = JSON.parse(out) as { runtime: string; bun: string; messages: number; identical: number; firstDifference: string | null };
    expect(r.bun).toBe("undefined");
    expect(Number(/^node v(\d+)\./.exec(r.runtime)?.[1])).toBeGreaterThanOrEqual(20);
    expect(r.messages).toBeGreaterThan(0);
    expect(r).toMatchObject({ identical: r.messages, firstDifference: null });
  });

  it("refuses the root export under node with one error naming Bun and bun-netlink/codecs", () => {
    const r = spawnSync(realNode(), ["--input-type=module", "-e", 'import "bun-netlink";'], { cwd: consumer, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Error: bun-netlink needs the Bun runtime (https://bun.sh)");
    expect(r.stderr).toContain('import the pure codecs from "bun-netlink/codecs"');
  });

  for (const mode of ["compiled", "bundled"] as const) {
    it(`a ${mode} program subscribes, reads a long dump ahead, runs ip through execInNetns in a throwaway namespace and removes it`, () => {
      const ns = `${TEMP_NETNS_PREFIX}pack-${mode}-${process.pid}`;
      const runs = join(tmp, `runs-${mode}`);
      writeFileSync(runs, "");
      let cmd: string[];
      if (mode === "compiled") {
        sh(bun, ["build", "--compile", "app.ts", "--outfile", "app"], consumer);
        cmd = [join(consumer, "app"), ns, runs];
      } else {
        sh(bun, ["build", "--target=bun", "app.ts", "--outfile", "bundle/app.js"], consumer);
        cmd = [bun, join(consumer, "bundle/app.js"), ns, runs];
      }
      const before = namespaces();
      try {
        // Run from "/" so nothing is found next to the program but what the build embedded.
        const out = sh(cmd[0] as string, cmd.slice(1), "/");
        const r = JSON.parse(out.trim().split("\n").pop() as string) as Record<string, unknown>;
        // a 5,000-route listing is read ahead through io_uring in the built program too (the engine's module bundled)
        const readAhead = kernelLacks("io_uring:recvmsg") ? "none" : "uring";
        expect(r).toEqual({ event: "new link", exitCode: 0, names: ["lo", "pk0", "pk1"], codecs: "function", added: 5000, routes: 5000, readAhead });
      } finally {
        if (namespaces().includes(ns)) spawnSync("ip", ["netns", "del", ns]);
      }
      // The program's own code ran once: execInNetns never started the host program.
      expect(readFileSync(runs, "utf8").trim().split("\n")).toHaveLength(1);
      const appeared = namespaces().filter((n) => !before.includes(n));
      // Other test files and benchmark runs on the machine make their own throwaway namespaces
      // (bnltest-*, bnlbench-*) meanwhile; anything else that appeared is a leak of the program's.
      const others = (n: string): boolean => n !== ns && (n.startsWith(TEMP_NETNS_PREFIX) || n.startsWith("bnlbench-"));
      expect(appeared.filter((n) => !others(n))).toEqual([]);
      expect(namespaces()).not.toContain(ns);
    }, 120_000);
  }
});
