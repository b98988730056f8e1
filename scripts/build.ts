/**
 * `npm run build` (also run by `prepack`): writes dist/, the published form
 * of the package.
 *
 *   dist/lib/**, dist/codecs/**   ESM JavaScript + .d.ts per module (tsc,
 *                                 tsconfig.build.json), import paths ".js"
 *   dist/lib/monitor/waiter-worker-source.js, dist/lib/netns/exec-helper-source.js,
 *   dist/lib/transport/read-ahead-worker-source.js
 *                                 the subscription worker, the namespace
 *                                 exec helper and the dump read-ahead
 *                                 worker bundled into one string each, so
 *                                 `bun build` bundles and --compile binaries of
 *                                 a consumer carry them (no file to find)
 *   dist/node.js                  what the root export gives Node.js and other
 *                                 runtimes: one clear error naming Bun
 *   dist/cli/bun-netlink.js       the CLI's entry (the package's bin), and
 *   dist/cli/bun-netlink-tc.js    the tc command line's (second bin): one split
 *   dist/cli/chunks/*.js          bundle, so a command loads only its own code
 *   dist/bun-netlink              the CLI as a single-file executable (the same
 *                                 split graph, `--compile --bytecode`; not in
 *                                 the tarball; the benchmark's cold-start subject)
 *
 * Usage: bun scripts/build.ts [--no-compile]
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { STARTUP_JIT_POLICY } from "../cli/launch.ts";

const root = resolve(import.meta.dir, "..");
const dist = join(root, "dist");
const compile = !process.argv.includes("--no-compile");

function run(cmd: string[]): void {
  // Progress goes to stderr so that `npm pack --json` (prepack) prints clean JSON.
  const r = Bun.spawnSync({ cmd, cwd: root, stdout: 2, stderr: "inherit" });
  if (r.exitCode !== 0) throw new Error(`build: ${cmd.slice(0, 3).join(" ")} ... exited with ${r.exitCode}`);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Relative module specifiers ending in .ts, in `from "..."` and `import("...")`. */
const TS_SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;

/** Relative `require("./x.ts")` (a synchronous lazy load), which tsc's rewriteRelativeImportExtensions leaves alone. */
const TS_REQUIRE = /(\brequire\(\s*["'])(\.{1,2}\/[^"']*?)\.ts(["']\s*\))/g;

/**
 * tsc keeps "./x.ts" in declaration files, and in require() calls of the
 * emitted JavaScript; consumers without allowImportingTsExtensions, and
 * dist/ (which has no .ts files), need "./x.js".
 */
function rewriteDeclarations(): number {
  let n = 0;
  for (const f of walk(dist)) {
    const js = f.endsWith(".js");
    if (!f.endsWith(".d.ts") && !js) continue;
    const s = readFileSync(f, "utf8");
    const t = js ? s.replace(TS_REQUIRE, "$1$2.js$3") : s.replace(TS_SPECIFIER, "$1$2.js$3");
    if (t !== s) {
      writeFileSync(f, t);
      n++;
    }
  }
  return n;
}

/** Bundle one entry (and everything it imports) into a single ES module's text. */
async function bundle(entry: string, minify: boolean, plugins: Bun.BunPlugin[] = []): Promise<string> {
  const r = await Bun.build({ entrypoints: [join(root, entry)], target: "bun", format: "esm", minify, plugins });
  const out = r.outputs.filter((o) => o.kind === "entry-point");
  if (!r.success || out.length !== 1) throw new AggregateError(r.logs, `build: bundling ${entry} failed`);
  return await (out[0] as Bun.BuildArtifact).text();
}

/**
 * The command lines' build: split into chunks, so that a command loads its
 * own code only (the entry decides what to import; `monitor` joins its
 * groups before the rest loads, `-V` loads almost nothing).
 */
// minChunkSize folds small side-effect-free chunks into ones loaded anyway (nothing lazy
// becomes eager): fewer modules to link per command, ~3 ms CPU of `-n NS link show`.
const CLI_BUILD = { target: "bun", format: "esm", minify: true, splitting: true, minChunkSize: 64 << 10 } as const;

/** Bundle the command-line entries into `outdir` as split ES modules (chunks under chunks/), each entry with a bun shebang. */
async function splitBundle(entries: string[], outdir: string, plugins: Bun.BunPlugin[]): Promise<void> {
  const r = await Bun.build({
    ...CLI_BUILD,
    entrypoints: entries.map((e) => join(root, e)),
    outdir,
    naming: { entry: "[name].js", chunk: "chunks/[name]-[hash].[ext]" },
    plugins,
  });
  if (!r.success) throw new AggregateError(r.logs, `build: bundling ${entries.join(", ")} failed`);
  for (const o of r.outputs) {
    if (o.kind !== "entry-point") continue;
    const text = readFileSync(o.path, "utf8");
    writeFileSync(o.path, `#!/usr/bin/env bun\n${text.replace(/^#!.*\n/, "")}`);
  }
}

/** The modules that carry code run outside the importing program (or on another thread), as strings. */
const INLINED = {
  "lib/monitor/waiter-worker-source.ts": { name: "WAITER_WORKER_SOURCE", entry: "lib/monitor/waiter-worker.ts" },
  "lib/netns/exec-helper-source.ts": { name: "EXEC_HELPER_SOURCE", entry: "lib/netns/exec-helper.ts" },
  "lib/transport/read-ahead-worker-source.ts": { name: "READ_AHEAD_WORKER_SOURCE", entry: "lib/transport/read-ahead-worker.ts" },
} as const;

function inlinedModule(name: string, source: string): string {
  return `// Generated by scripts/build.ts: the bundled ${name.toLowerCase().replace(/_/g, " ")}.\nexport const ${name} = ${JSON.stringify(source)};\n`;
}

const NODE_REFUSAL = `// The root export under Node.js and runtimes other than Bun (see package.json "exports").
throw new Error(
  "bun-netlink needs the Bun runtime (https://bun.sh): it reaches the kernel through bun:ffi. " +
    'On Node.js and other runtimes, import the pure codecs from "bun-netlink/codecs" instead.',
);
`;

const started = performance.now();
rmSync(dist, { recursive: true, force: true });
run([process.execPath, join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
const rewritten = rewriteDeclarations();

const sources = new Map<string, string>();
for (const [file, { name, entry }] of Object.entries(INLINED)) {
  const text = inlinedModule(name, await bundle(entry, true));
  sources.set(join(root, file), text);
  writeFileSync(join(dist, file.replace(/\.ts$/, ".js")), text);
}
writeFileSync(join(dist, "node.js"), NODE_REFUSAL);

// The CLI: one bundled script, with the same inlined worker and helper.
const inline: Bun.BunPlugin = {
  name: "bun-netlink-inline",
  setup(b) {
    b.onLoad({ filter: /(waiter-worker|exec-helper|read-ahead-worker)-source\.ts$/ }, (args) => {
      const contents = sources.get(args.path);
      if (contents === undefined) throw new Error(`build: no inlined source for ${args.path}`);
      return { contents, loader: "js" };
    });
    // The bin script has no extension, which Bun.build would treat as a file asset.
    b.onLoad({ filter: /\/cli\/bun-netlink(-tc)?$/ }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "ts" }));
  },
};
mkdirSync(join(dist, "cli"), { recursive: true });
const cliJs = join(dist, "cli/bun-netlink.js");
const tcJs = join(dist, "cli/bun-netlink-tc.js");
await splitBundle(["cli/bun-netlink", "cli/bun-netlink-tc"], join(dist, "cli"), [inline]);
for (const f of [cliJs, tcJs]) chmodSync(f, 0o755);
if (compile) {
  // The same split graph in one executable: its chunks are embedded and load as the bin's do.
  const r = await Bun.build({
    ...CLI_BUILD,
    entrypoints: [join(root, "cli/bun-netlink")],
    bytecode: true,
    // the JIT policy of the start from the first instruction (the bin sets it in its entry: cli/launch.ts)
    // no .env or bunfig.toml lookups in the user's directory at every start (the program reads neither)
    compile: { outfile: join(dist, "bun-netlink"), jitPolicy: STARTUP_JIT_POLICY, autoloadDotenv: false, autoloadBunfig: false },
    plugins: [inline],
  });
  if (!r.success) throw new AggregateError(r.logs, "build: compiling dist/bun-netlink failed");
}
console.error(
  `build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s (${rewritten} declaration files rewritten${compile ? ", dist/bun-netlink compiled" : ""})`,
);
