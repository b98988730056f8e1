/**
 * `bun-netlink [-n NS] state export|plan FILE|apply FILE|drift FILE`: the
 * declarative state documents of lib/state on the command line. FILE "-"
 * is standard input. Exit status: 0 success, 1 invalid document or usage
 * (nothing sent), 2 the kernel refused a change (everything rolled back),
 * 3 drift found (`state drift`).
 */
import { readFileSync } from "node:fs";
import { applyState, driftState, exportState, StateApplyError, StateDocumentError } from "../lib/state/index.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";

const USAGE = `Usage: bun-netlink [ -n NS ] state export [ --pin-macs ]
       bun-netlink [ -n NS ] state plan FILE [ --prune ]
       bun-netlink [ -n NS ] state apply FILE [ --dry-run ] [ --prune ]
       bun-netlink [ -n NS ] state drift FILE
FILE is a JSON state document (schema/state.schema.json), - for standard input.
`;

function readDoc(ctx: Ctx, file: string): unknown {
  let text: string;
  try {
    text = file === "-" ? ctx.io.readStdin() : readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`Error: cannot read "${file}": ${(e as Error).message}\n`, 1, false);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`Error: "${file}" is not JSON: ${(e as Error).message}\n`, 1, false);
  }
}

function flags(words: string[], allowed: readonly string[]): { args: string[]; set: Set<string> } {
  const args: string[] = [], set = new Set<string>();
  for (const w of words) {
    if (w.startsWith("--") && w.length > 2) {
      if (!allowed.includes(w)) throw new CliError(`Error: unknown option "${w}"\n${USAGE}`, 1, false);
      set.add(w);
    } else args.push(w);
  }
  return { args, set };
}

/** Run `state ...`; returns the exit status. */
export function run(ctx: Ctx, argv: string[]): number {
  const [cmd, ...rest] = argv;
  const netns = ctx.opts.netns;
  try {
    switch (cmd) {
      case "export": {
        const { args, set } = flags(rest, ["--pin-macs"]);
        if (args.length > 0) throw new CliError(USAGE, 1, false);
        ctx.io.out(JSON.stringify(exportState({ netns, macs: set.has("--pin-macs") ? "pinned" : "derived" }), null, 2) + "\n");
        return 0;
      }
      case "plan": case "apply": {
        const { args, set } = flags(rest, cmd === "plan" ? ["--prune"] : ["--prune", "--dry-run"]);
        if (args.length !== 1) throw new CliError(USAGE, 1, false);
        const doc = readDoc(ctx, args[0]!);
        const r = applyState(doc, { netns, prune: set.has("--prune"), dryRun: cmd === "plan" || set.has("--dry-run") });
        ctx.io.out(r.lines.length === 0 ? "no changes\n" : r.lines.join("\n") + "\n");
        return 0;
      }
      case "drift": {
        const { args } = flags(rest, []);
        if (args.length !== 1) throw new CliError(USAGE, 1, false);
        const d = driftState(readDoc(ctx, args[0]!), { netns });
        ctx.io.out(d.length === 0 ? "no drift\n" : d.map((x) => x.text).join("\n") + "\n");
        return d.length === 0 ? 0 : 3;
      }
      case undefined: case "help":
        ctx.io.err(USAGE);
        return cmd === undefined ? 1 : 0;
      default:
        throw new CliError(`Error: unknown state command "${cmd}"\n${USAGE}`, 1, false);
    }
  } catch (e) {
    if (e instanceof StateDocumentError) {
      ctx.io.err(`Error: ${e.problems.length === 1 ? "" : `${e.problems.length} problems in the document:\n  `}${e.problems.join("\n  ")}\n`);
      return 1;
    }
    if (e instanceof StateApplyError) {
      ctx.io.err(`Error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
