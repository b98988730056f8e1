/**
 * ip 6.1's global options (ip/ip.c main): prefix-matched words before the
 * object, parsed into Options. Kept apart from main.ts, with few imports,
 * so that `monitor` can read them before the rest of the program loads.
 */
import { getUnsigned, matches } from "./args.ts";
import { CliError } from "./errors.ts";
import { IP_USAGE } from "./usage-texts.ts";
import { colorSchemeFromEnv, type ColorScheme } from "../lib/format/printer.ts";
import type { Io } from "./io.ts";

/** AF_* numbers of -f/-4/-6/-0/-B/-M (linux/socket.h). */
export const AF = { UNSPEC: 0, INET: 2, BRIDGE: 7, INET6: 10, PACKET: 17, MPLS: 28 } as const;

/** The global options, as ip's main() leaves them. */
export interface Options {
  json: boolean;
  pretty: boolean;
  oneline: boolean;
  brief: boolean;
  details: number;
  stats: number;
  /** preferred_family: AF.UNSPEC unless -4/-6/-0/-B/-M/-f. */
  family: number;
  resolve: boolean;
  numeric: boolean;
  timestamp: number;
  /** -echo: print the kernel's echo of a change (route, address, link, rule, nexthop), as rtnl_echo_talk does. */
  echo: number;
  human: number;
  iec: boolean;
  all: boolean;
  force: boolean;
  loops: number;
  netns?: string;
  batch?: string;
  /** -color[=always|auto|never] (ip's COLOR_OPT_*): whether text output is coloured; -json turns it off. */
  color: ColorOpt;
}

/** ip's enum color_opt. */
export type ColorOpt = "never" | "auto" | "always";

/** Defaults equal to plain `ip` without options. */
export function defaultOptions(): Options {
  return {
    json: false, pretty: false, oneline: false, brief: false, details: 0, stats: 0, family: AF.UNSPEC,
    resolve: false, numeric: false, timestamp: 0, echo: 0, human: 0, iec: false, all: false, force: false, loops: 10,
    color: "never",
  };
}

let cliUsageText: string | undefined;

/**
 * The top-level usage: `ip help`'s text with the program named bun-netlink
 * (the per-object texts keep ip's wording byte for byte: scripts grep them).
 */
export function cliUsage(): string {
  // made on first use: two regex replaces at load cost every command ~0.5 ms of its start
  return (cliUsageText ??= IP_USAGE.replace(/^Usage: ip /, "Usage: bun-netlink ").replace(/^( {7})ip \[ -force \]/m, "$1bun-netlink [ -force ]"));
}

/** The top-level usage as a usage error (exit 255). */
export function usage(): CliError {
  return new CliError(cliUsage(), 255, true);
}

/** Parse the global options; returns the options and the index of the object word. */
export function parseOptions(argv: readonly string[]): { opts: Options; rest: string[] } | { exit: CliError | "version" } {
  const opts = defaultOptions();
  let i = 0;
  const next = (): string | undefined => argv[++i];
  for (; i < argv.length; i++) {
    let opt = argv[i]!;
    if (opt === "--") { i++; break; }
    if (opt[0] !== "-") break;
    if (opt[1] === "-") opt = opt.slice(1);
    if (matches(opt, "-loops")) {
      const v = next();
      if (v === undefined) return { exit: usage() };
      opts.loops = Number.parseInt(v, 10) || 0;
    } else if (matches(opt, "-family")) {
      const v = next();
      if (v === undefined) return { exit: usage() };
      const fam = familyByName(v);
      if (v === "help") return { exit: usage() };
      if (fam === undefined) return { exit: new CliError(`Error: argument "${v}" is wrong: invalid protocol family\n`, 255, true) };
      opts.family = fam;
    } else if (opt === "-4") opts.family = AF.INET;
    else if (opt === "-6") opts.family = AF.INET6;
    else if (opt === "-0") opts.family = AF.PACKET;
    else if (opt === "-M") opts.family = AF.MPLS;
    else if (opt === "-B") opts.family = AF.BRIDGE;
    else if (matches(opt, "-human") || matches(opt, "-human-readable")) opts.human++;
    else if (matches(opt, "-iec")) opts.iec = true;
    else if (matches(opt, "-stats") || matches(opt, "-statistics")) opts.stats++;
    else if (matches(opt, "-details")) opts.details++;
    else if (matches(opt, "-resolve")) opts.resolve = true;
    else if (matches(opt, "-oneline")) opts.oneline = true;
    else if (matches(opt, "-timestamp")) opts.timestamp++;
    else if (matches(opt, "-tshort")) opts.timestamp += 2;
    else if (matches(opt, "-Version")) return { exit: "version" };
    else if (matches(opt, "-force")) opts.force = true;
    else if (matches(opt, "-batch")) {
      const v = next();
      if (v === undefined) return { exit: usage() };
      opts.batch = v;
    } else if (matches(opt, "-rcvbuf")) {
      const v = next();
      if (v === undefined) return { exit: usage() };
      if (getUnsigned(v) === undefined) return { exit: new CliError(`Invalid rcvbuf size '${v}'\n`, 255, true) };
    } else if (opt.startsWith("-c") && matchesColor(opt) !== undefined) {
      opts.color = matchesColor(opt)!;
    } else if (matches(opt, "-help")) return { exit: usage() };
    else if (matches(opt, "-netns")) {
      const v = next();
      if (v === undefined) return { exit: new CliError('Cannot open network namespace "(null)": No such file or directory\n', 255, true) };
      opts.netns = v;
    } else if (matches(opt, "-Numeric")) opts.numeric = true;
    else if (matches(opt, "-all")) opts.all = true;
    else if (opt === "-echo") opts.echo++;
    else if (matches(opt, "-json")) opts.json = true;
    else if (matches(opt, "-pretty")) opts.pretty = true;
    else if (matches(opt, "-brief")) opts.brief = true;
    else return { exit: new CliError(`Option "${opt}" is unknown, try "ip -help".\n`, 255, true) };
  }
  return { opts, rest: argv.slice(i) };
}

/**
 * lib/color.c matches_color: "-color" (any prefix of it, down to "-c"),
 * then nothing, "=" or "=always" / "=auto" / "=never"; anything else is not
 * a colour option (ip then calls the word an unknown option).
 */
export function matchesColor(opt: string): ColorOpt | undefined {
  const eq = opt.indexOf("=");
  const word = eq < 0 ? opt : opt.slice(0, eq);
  if (!matches(word, "-color")) return undefined;
  const v = eq < 0 ? "" : opt.slice(eq + 1);
  if (v === "" || v === "always") return "always";
  if (v === "auto" || v === "never") return v;
  return undefined;
}

/**
 * lib/color.c check_enable_color: the palette text is coloured with, or
 * undefined: never with -json or -color=never; -color=auto only when stdout
 * is a terminal; COLORFGBG picks the dark-background palette.
 */
export function enabledColor(opt: ColorOpt, json: boolean, io: Io): ColorScheme | undefined {
  if (json || opt === "never") return undefined;
  if (opt === "auto" && !stdoutIsTerminal(io)) return undefined;
  return colorSchemeFromEnv(process.env["COLORFGBG"]);
}

/**
 * isatty(1) for the process's own streams; an in-memory Io (tests,
 * embedding) is no terminal. node:tty is loaded on first use only (its cost
 * on every command's start is what route-save.ts avoids too).
 */
function stdoutIsTerminal(io: Io): boolean {
  if ("stdout" in io) return false;
  return (require("node:tty") as typeof import("node:tty")).isatty(1);
}

function familyByName(v: string): number | undefined {
  switch (v) {
    case "inet": return AF.INET;
    case "inet6": return AF.INET6;
    case "link": return AF.PACKET;
    case "bridge": return AF.BRIDGE;
    case "mpls": return AF.MPLS;
    default: return undefined;
  }
}

