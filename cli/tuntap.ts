/**
 * `ip tuntap add|del|show` (iproute2 6.1 ip/iptuntap.c) over lib/tuntap:
 * parse_args's words, messages and exit statuses; add and del through
 * /dev/net/tun inside the -n namespace; show as ip's print_tuntap, with -d
 * the attached processes. A failed open or ioctl prints perror's line
 * (`ioctl(TUNSETIFF): Device or resource busy`) and exits 1.
 */
import { createTunTap, deleteTunTap, groupId, listTunTap, tunTapProcesses, userId, type TunTapSpec } from "../lib/tuntap/index.ts";
import { IFF_MULTI_QUEUE, IFF_NO_PI, IFF_ONE_QUEUE, IFF_TAP, IFF_TUN, IFF_VNET_HDR, TUN_TYPE_MASK } from "../lib/tuntap/flags.ts";
import { printTunTap } from "../lib/format/tuntap.ts";
import { SyscallError } from "../lib/sys/syscall-error.ts";
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, dumpErrorText, duparg2, failed, incomplete, invarg, isNetlinkError, strerror } from "./errors.ts";
import { printRows } from "./rows.ts";
import { TUNTAP_USAGE } from "./usage-texts.ts";

const UINT_MAX = 0xffffffff;

/** ip's exit(-1) with a message (fatal, status 255). */
function die(msg: string): CliError {
  return new CliError(msg, 255, true);
}

/** What parse_args leaves: the ifreq's name and flags, uid and gid (UINT_MAX: none). */
export interface TunTapArgs {
  name: string;
  flags: number;
  uid: number;
  gid: number;
}

/** ip's check_ifname: 1..15 bytes, no "/" and no white space (C locale). */
function validIfname(s: string): boolean {
  const len = new TextEncoder().encode(s).length;
  return len > 0 && len < 16 && !/[/ \t\n\v\f\r]/.test(s);
}

/** strtol(s, &end, 10) with the whole word a number, as uid_t/gid_t (undefined: not a number). */
function idNumber(s: string): number | undefined {
  if (!/^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(s)) return undefined;
  let n = BigInt(s.trim());
  const max = (1n << 63n) - 1n;
  if (n > max) n = max;
  if (n < -max - 1n) n = -max - 1n;
  return Number(BigInt.asUintN(32, n));
}

/** ip's parse_args; `owners` false for del (user and group are then names, as ip's NULL uid/gid). */
export function parseTunTapArgs(argv: readonly string[], owners: boolean): TunTapArgs {
  const a: TunTapArgs = { name: "", flags: IFF_NO_PI, uid: UINT_MAX, gid: UINT_MAX };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (matches(w, "mode")) {
      const m = next();
      if (matches(m, "tun")) {
        if (a.flags & IFF_TAP) throw die("You managed to ask for more than one tunnel mode.\n");
        a.flags |= IFF_TUN;
      } else if (matches(m, "tap")) {
        if (a.flags & IFF_TUN) throw die("You managed to ask for more than one tunnel mode.\n");
        a.flags |= IFF_TAP;
      } else throw die(`Unknown tunnel mode "${m}"\n`);
    } else if (owners && matches(w, "user")) {
      const v = next();
      const id = idNumber(v) ?? userId(v);
      if (id === undefined) throw die(`invalid user "${v}"\n`);
      a.uid = id;
    } else if (owners && matches(w, "group")) {
      const v = next();
      const id = idNumber(v) ?? groupId(v);
      if (id === undefined) throw die(`invalid group "${v}"\n`);
      a.gid = id;
    } else if (matches(w, "pi")) a.flags &= ~IFF_NO_PI;
    else if (matches(w, "one_queue")) a.flags |= IFF_ONE_QUEUE;
    else if (matches(w, "vnet_hdr")) a.flags |= IFF_VNET_HDR;
    else if (matches(w, "multi_queue")) a.flags |= IFF_MULTI_QUEUE;
    else if (matches(w, "dev")) {
      const d = next();
      if (!validIfname(d)) throw invarg('"dev" not a valid ifname', d);
      a.name = d;
    } else {
      let v = w;
      if (matches(w, "name")) v = next();
      else if (matches(w, "help")) throw die(TUNTAP_USAGE);
      if (a.name !== "") throw duparg2("name", v);
      if (!validIfname(v)) throw invarg('"name" not a valid ifname', v);
      a.name = v;
    }
  }
  if (!(a.flags & TUN_TYPE_MASK)) throw failed("You failed to specify a tunnel mode");
  return a;
}

/** The library's spec for parsed words (both mode bits cannot be set: parse_args refuses that). */
function specOf(a: TunTapArgs): TunTapSpec {
  const spec: TunTapSpec = { mode: a.flags & IFF_TUN ? "tun" : "tap" };
  if (a.name !== "") spec.name = a.name;
  if (!(a.flags & IFF_NO_PI)) spec.pi = true;
  if (a.flags & IFF_ONE_QUEUE) spec.oneQueue = true;
  if (a.flags & IFF_VNET_HDR) spec.vnetHdr = true;
  if (a.flags & IFF_MULTI_QUEUE) spec.multiQueue = true;
  return spec;
}

/** perror()'s line for a failed open or ioctl (status 1). */
function perror(e: unknown): never {
  if (!(e instanceof SyscallError)) throw e;
  const what = e.syscall === "ioctl" ? `ioctl(${e.context})` : e.syscall;
  throw failed(`${what}: ${strerror(e.errno)}`);
}

function add(ctx: Ctx, argv: readonly string[]): number {
  const a = parseTunTapArgs(argv, true);
  const spec = specOf(a);
  try {
    createTunTap({ ...spec, ...(a.uid !== UINT_MAX ? { user: a.uid } : {}), ...(a.gid !== UINT_MAX ? { group: a.gid } : {}) }, ctx.netns ? { netns: ctx.netns } : {});
  } catch (e) {
    perror(e);
  }
  return 0;
}

function del(ctx: Ctx, argv: readonly string[]): number {
  const spec = specOf(parseTunTapArgs(argv, false));
  try {
    deleteTunTap(spec, ctx.netns ? { netns: ctx.netns } : {});
  } catch (e) {
    perror(e);
  }
  return 0;
}

function show(ctx: Ctx): number {
  let listing;
  try {
    listing = listTunTap(ctx.conn, ctx.netns ? { netns: ctx.netns } : {});
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    throw failed(dumpErrorText(e) + "Dump terminated");
  }
  for (const p of listing.problems) ctx.io.err(p);
  const details = ctx.opts.details > 0;
  printRows(ctx, listing.devices, (p, d) => {
    if (!details) return printTunTap(p, d);
    const found = tunTapProcesses(d.name);
    for (const e of found.errors) ctx.io.err(`${e.syscall}: ${strerror(e.errno)}\n`);
    printTunTap(p, d, found.processes);
  });
  return 0;
}

/** `ip tuntap ...`: no word is show; add, del(ete), show/list/lst, help by ip's prefixes. */
export function run(ctx: Ctx, argv: string[]): number {
  if (argv.length === 0) return show(ctx);
  const cmd = argv[0]!;
  if (matches(cmd, "add")) return add(ctx, argv.slice(1));
  if (matches(cmd, "delete")) return del(ctx, argv.slice(1));
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return show(ctx);
  if (matches(cmd, "help")) throw die(TUNTAP_USAGE);
  throw die(`Command "${cmd}" is unknown, try "ip tuntap help".\n`);
}
