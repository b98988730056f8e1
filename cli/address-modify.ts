/**
 * `ip address add|change|replace|del` (ip/ipaddress.c ipaddr_modify
 * grammar and messages) on the library's AddressApi, and `ip address
 * flush` (ipaddr_flush: rounds of dump, filter as print_addrinfo does, delete).
 */
import { AddressApi, type AddressOptions, type AddrMessage } from "../lib/rtnl/address/api.ts";
import { toAddress } from "../lib/rtnl/address/model.ts";
import { printAddress } from "../lib/format/address.ts";
import { Printer } from "../lib/format/printer.ts";
import { Args, matches, unsignedArg } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, duparg, duparg2, failed, invarg, isNetlinkError, kernelError, nodev, strerror } from "./errors.ts";
import { addrPasses, dumpAddrs } from "./ipaddr-addrs.ts";
import { parseListArgs } from "./ipaddr-list.ts";
import type { LinkNames } from "./link-names.ts";
import { SCOPES } from "../lib/format/names.ts";
import { needAddr, needPrefix, requestFamily, type PrefixArg } from "./prefix.ts";
import { ADDRESS_USAGE as USAGE } from "./usage-texts.ts";

const usage = () => new CliError(USAGE, 255, true);

function lifetime(v: string, what: string): number | "forever" {
  return v === "forever" ? "forever" : unsignedArg(v, what); // get_u32 base 0
}

/** Run add / change / replace / del. */
export function modify(ctx: Ctx, argv: string[], cmd: "add" | "change" | "replace" | "del"): number {
  const a = new Args(argv);
  const fam = requestFamily(ctx);
  let local: PrefixArg | undefined;
  let localArg = "";
  let peer: PrefixArg | undefined;
  let dev: string | undefined;
  const opts: AddressOptions = {};
  const flags: string[] = [];
  let valid: string | undefined;
  let preferred: string | undefined;
  let brd = false;
  while (!a.done) {
    const w = a.word();
    if (w === "peer" || w === "remote") {
      const v = a.value();
      if (peer) throw duparg("peer", v);
      peer = needPrefix(v, local?.family ?? fam);
      opts.peer = `${peer.text}/${peer.bitlen}`;
    } else if (matches(w, "broadcast") || w === "brd") {
      const v = a.value();
      if (brd) throw duparg("broadcast", v);
      brd = true;
      if (v === "+") opts.broadcast = "+";
      else if (v !== "-") opts.broadcast = needAddr(v, local?.family ?? fam).text;
    } else if (w === "anycast") {
      const v = a.value();
      needAddr(v, local?.family ?? fam);
      throw new CliError("bun-netlink: anycast addresses are not supported\n", 1, false);
    } else if (w === "scope") {
      const v = a.value();
      const s = SCOPES.id(v);
      if (s === undefined || s > 255) throw invarg("invalid scope value.", v);
      opts.scope = s;
    } else if (w === "dev") dev = a.value();
    else if (w === "label") opts.label = a.value();
    else if (matches(w, "metric") || matches(w, "priority") || matches(w, "preference")) {
      opts.metric = unsignedArg(a.value(), '"metric" value is invalid\n'); // get_u32 base 0
    } else if (matches(w, "valid_lft")) {
      if (valid !== undefined) throw duparg("valid_lft", w);
      valid = a.value();
      opts.validLft = lifetime(valid, "valid_lft value");
    } else if (matches(w, "preferred_lft")) {
      if (preferred !== undefined) throw duparg("preferred_lft", w);
      preferred = a.value();
      opts.preferredLft = lifetime(preferred, "preferred_lft value");
    } else if (["home", "nodad", "optimistic", "mngtmpaddr", "noprefixroute", "autojoin"].includes(w)) flags.push(w);
    else {
      let v = w;
      if (w === "local") v = a.value();
      if (matches(v, "help")) throw usage();
      if (local) throw duparg2("local", v);
      localArg = v;
      local = needPrefix(v, fam);
    }
  }
  if (dev === undefined) throw failed('Not enough information: "dev" argument is required.');
  if (!local) throw incompleteLocal();
  if (flags.length) opts.flags = flags;
  const v = opts.validLft ?? "forever";
  const pr = opts.preferredLft ?? "forever";
  if ((valid !== undefined || preferred !== undefined) && v !== "forever" && (pr === "forever" || pr > v)) {
    throw failed("preferred_lft is greater than valid_lft");
  }
  const names = ctx.names;
  const index = names.indexOf(dev);
  if (!index) throw nodev(dev);
  // with a peer, ip takes the prefix length from the peer (ipaddr_modify): the local prefix length is not sent
  const cidr = local.host || peer ? local.text : `${local.text}/${local.bitlen}`;
  const api = new AddressApi(ctx.conn);
  try {
    if (cmd === "del") {
      if (local.host && !peer && local.family === AF.INET) {
        ctx.io.err(`Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${localArg}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`);
      }
      if (peer) api.delete(index, cidr, opts);
      else api.delete(index, cidr);
    } else if (cmd === "add") api.add(index, cidr, opts, { echo: false });
    else if (cmd === "replace") api.replace(index, cidr, opts);
    else api.change(index, cidr, opts);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

function incompleteLocal(): CliError {
  return new CliError('Not enough information: "local" argument is required.\n', 1, false);
}

/**
 * `ip address flush` (ipaddr_flush): rounds of an address dump filtered as
 * print_addrinfo filters (link, family, scope, flags, label, "to"; not the
 * link selectors up/master/type/group) and the deletion of what matched,
 * until a dump finds nothing (a `primary` flush stops after one round, as
 * promoted secondaries would match next), at most -loops rounds (10; 0: no
 * limit; reaching it is a failure even when nothing is left). -s reports the
 * rounds, -s -s also prints each address as it is deleted.
 */
export function flush(ctx: Ctx, argv: string[]): number {
  if (argv.length === 0) throw failed("Flush requires arguments.");
  if (ctx.opts.family === AF.PACKET) throw failed("Cannot flush link addresses.");
  const names = ctx.names;
  const f = parseListArgs(ctx, argv, ctx.opts.family, names, usage);
  const stats = ctx.opts.stats;
  const api = new AddressApi(ctx.conn);
  const loops = ctx.opts.loops; // -loops N (ip's max_flush_loops, 10 by default; 0: no limit)
  for (let round = 0; loops === 0 || round < loops; ) {
    const victims = dumpAddrs(ctx, f.family, f.ifindex).filter((m) => {
      if (f.ifindex && m.index !== f.ifindex) return false;
      if (f.family && f.family !== m.family) return false;
      return addrPasses(f, m, names);
    });
    if (stats >= 2) printFlushed(ctx, victims, names);
    if (victims.length === 0) return flushDone(ctx, round);
    round++;
    // rtnl_send_check: the first error answer counts; EADDRNOTAVAIL (an address gone with its primary) is no failure
    const first = api.deleteMessages(victims).errors[0];
    if (first && first.error.code !== "EADDRNOTAVAIL") {
      ctx.io.err(`Failed to send flush request: ${strerror(first.error.errno)}\n`);
      return 255; // ipaddr_flush's 1, negated by ip's do_cmd
    }
    if (stats) ctx.io.out(`\n*** Round ${round}, deleting ${victims.length} addresses ***\n`);
    if (!(f.flags & IFA_SECONDARY) && f.flagmask & IFA_SECONDARY) return flushDone(ctx, round);
  }
  ctx.io.err(`*** Flush remains incomplete after ${loops} rounds. ***\n`);
  return 255;
}
const IFA_SECONDARY = 0x01;

function flushDone(ctx: Ctx, round: number): number {
  if (ctx.opts.stats) {
    ctx.io.out(round === 0 ? "Nothing to flush.\n" : `*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
  }
  return 0;
}

/** -s -s: each address as print_addrinfo prints it while flushing (the "N: dev" prefix, plain text even with -j; -br: "ADDR/LEN " only, no newline). */
function printFlushed(ctx: Ctx, msgs: AddrMessage[], names: LinkNames): void {
  const p = new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline });
  for (const m of msgs) {
    const a = toAddress(m);
    if (a !== undefined) printAddress(p, a, { oneline: true, brief: ctx.opts.brief, devName: (i) => names.nameOf(i) });
  }
  ctx.io.out(p.take());
}
