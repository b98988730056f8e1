/**
 * `ip netns list|list-id|add|delete|set|identify|pids|exec` on lib/netns
 * (named namespaces under /run/netns, shared with iproute2) and namespace
 * ids (RTM_GETNSID/RTM_NEWNSID, linux/net_namespace.h) asked of the
 * namespace the connection lives in (the -n namespace, if any).
 */
import { readdirSync, statSync } from "node:fs";
import { NsidApi } from "../lib/rtnl/nsid/api.ts";
import { attachNetns, createNetns, deleteNetns } from "../lib/netns/manage.ts";
import { NetnsHandle } from "../lib/netns/handle.ts";
import { netnsExec } from "./netns-exec.ts";
import { DEFAULT_NETNS_BASE } from "../lib/netns/names.ts";
import { Args, getInteger, matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { printNsid } from "../lib/format/nsid.ts";
import { CliError, failed, invarg, isNetlinkError, kernelError, strerror } from "./errors.ts";
import { NETNS_USAGE } from "./usage-texts.ts";

const NSID_NOT_ASSIGNED = -1;

/** ip's invalid_name(): empty, longer than NAME_MAX (255) bytes, a "/", "." or "..". */
function checkName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > 255 || name.includes("/") || name === "." || name === "..") {
    throw new CliError(`Invalid netns name "${name}"\n`, 255, true);
  }
}

/** Namespace names in directory order (ip prints readdir order, unsorted). */
function names(): string[] {
  try {
    return readdirSync(DEFAULT_NETNS_BASE);
  } catch {
    return [];
  }
}

/**
 * The id the connection's namespace gives namespace `name`, or -1 (also
 * when it cannot be opened). As ip's get_netnsid_from_name (rtnl_talk), a
 * kernel refusal is printed: a name whose file is not a namespace here
 * (e.g. bind-mounted only in another mount namespace) gets "Error: Peer
 * netns reference is invalid."
 */
function nsidOf(ctx: Ctx, name: string): number {
  let h: NetnsHandle;
  try {
    h = NetnsHandle.fromName(name);
  } catch {
    return NSID_NOT_ASSIGNED;
  }
  try {
    return new NsidApi(ctx.conn).get({ fd: h.fd }) ?? NSID_NOT_ASSIGNED;
  } catch (e) {
    if (isNetlinkError(e)) ctx.io.err(kernelError(e).message);
    return NSID_NOT_ASSIGNED;
  } finally {
    h.close();
  }
}

function list(ctx: Ctx): number {
  // ip's netns_map_init asks every name's id once before netns_list asks again (a refusal prints twice)
  for (const name of names()) nsidOf(ctx, name);
  printRows(ctx, names(), (p, name) => {
    p.str("name", "%s", name);
    const id = nsidOf(ctx, name);
    if (id >= 0) p.num("id", " (id: %s)", id);
    p.text("\n");
  });
  return 0;
}

function listId(ctx: Ctx, a: Args): number {
  let target: number | undefined;
  let only: number | undefined;
  while (!a.done) {
    const w = a.word();
    if (matches(w, "target-nsid")) {
      const v = a.value();
      target = intArg(v, "Invalid \"target-nsid\" value");
      if (target < 0) throw invarg('"target-nsid" value should be >= 0', v);
    }
    else if (matches(w, "nsid")) only = intArg(a.value(), "Invalid \"nsid\" value");
    else throw invarg("unknown argument", w);
  }
  const entries = new NsidApi(ctx.conn).list(target === undefined ? {} : { targetNsid: target });
  const byId = new Map<number, string>();
  for (const name of names()) {
    const id = nsidOf(ctx, name);
    if (id >= 0 && !byId.has(id)) byId.set(id, name);
  }
  const shown = entries.filter((e) => only === undefined || e.nsid === only);
  printRows(ctx, shown, (p, e) => printNsid(p, e, byId.get(e.nsid)));
  return 0;
}

function intArg(v: string, msg: string): number {
  if (!/^-?\d+$/.test(v)) throw invarg(msg, v);
  return Number.parseInt(v, 10);
}

function add(ctx: Ctx, a: Args): number {
  const name = a.take();
  if (name === undefined) throw failed("No netns name specified");
  checkName(name);
  try {
    createNetns(name);
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    const msg = errno !== undefined ? strerror(errno) : (e as Error).message;
    throw failed(`Cannot create namespace file "${DEFAULT_NETNS_BASE}/${name}": ${msg}`);
  }
  void ctx;
  return 0;
}

function del(ctx: Ctx, a: Args): number {
  const all = ctx.opts.all ? names() : undefined;
  const targets = all ?? [a.take() ?? ""];
  if (all === undefined && targets[0] === "") throw failed("No netns name specified");
  let status = 0;
  for (const name of targets) {
    checkName(name);
    try {
      deleteNetns(name);
    } catch (e) {
      const errno = (e as { errno?: number }).errno;
      ctx.io.err(`Cannot remove namespace file "${DEFAULT_NETNS_BASE}/${name}": ${errno !== undefined ? strerror(errno) : (e as Error).message}\n`);
      status = 1;
      if (all === undefined) return 1;
    }
  }
  return status;
}

function set(ctx: Ctx, a: Args): number {
  const name = a.take();
  if (name === undefined) throw failed("No netns name specified");
  const id = a.take();
  if (id === undefined) throw failed("No nsid specified");
  // a negative nsid ("auto") lets the kernel choose; get_integer: strtol base 0 into an int
  let nsid: number;
  if (id === "auto") nsid = NSID_NOT_ASSIGNED;
  else {
    const v = getInteger(id);
    if (v === undefined) throw invarg('Invalid "netnsid" value', id);
    nsid = v;
    if (nsid < 0) throw invarg('"netnsid" value should be >= 0', id);
  }
  let h: NetnsHandle;
  try {
    h = NetnsHandle.fromName(name);
  } catch (e) {
    throw failed(`Cannot open network namespace "${name}": ${errText(e)}`);
  }
  try {
    new NsidApi(ctx.conn).set({ fd: h.fd }, nsid);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  } finally {
    h.close();
  }
  return 0;
}

/** strerror of a failed call's errno (a SyscallError's, or node:fs's negative one), else the message. */
function errText(e: unknown): string {
  const errno = (e as { errno?: number }).errno;
  return typeof errno === "number" ? strerror(Math.abs(errno)) : (e as Error).message;
}

/** `ip netns attach NAME PID`: name the network namespace of a running process. */
function attach(a: Args): number {
  const name = a.take();
  const pidWord = a.take();
  if (name === undefined || pidWord === undefined) throw failed("No netns name and PID specified");
  const pid = getInteger(pidWord); // get_s32
  if (pid === undefined || pid === 0) throw failed(`Invalid PID: ${pidWord}`);
  const path = `${DEFAULT_NETNS_BASE}/${name}`;
  const bind = (errno: number) => failed(`Bind /proc/${pid}/ns/net -> ${path} failed: ${strerror(errno)}`);
  if (pid < 0) {
    // no /proc/-N: ip creates the file, fails to bind onto it and removes it again
    try {
      statSync(path);
    } catch {
      throw bind(2);
    }
    throw failed(`Cannot create namespace file "${path}": ${strerror(17)}`);
  }
  try {
    attachNetns(name, pid);
  } catch (e) {
    const call = (e as { syscall?: string }).syscall;
    if (call === "mount" && (e as { context?: string }).context === path) throw bind(Math.abs((e as { errno: number }).errno));
    if (call === "open") throw failed(`Cannot create namespace file "${path}": ${errText(e)}`);
    throw failed(`mount --make-shared ${DEFAULT_NETNS_BASE} failed: ${errText(e)}`);
  }
  return 0;
}

/** "dev:ino" of what `path` names, or the errno stat(2) failed with. */
function inode(path: string): string | { errno: number } {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch (e) {
    return { errno: Math.abs((e as { errno?: number }).errno ?? 2) };
  }
}

function identify(ctx: Ctx, a: Args): number {
  const rest = a.rest();
  if (rest.length > 1) throw failed("extra arguments specified");
  const pidWord = rest[0];
  if (pidWord !== undefined && !/^\d*$/.test(pidWord)) throw failed(`Specified string '${pidWord}' is not a pid`);
  // ip -n NS switches into NS first, so "self" is NS (this process stays where it is)
  const self = pidWord === undefined && ctx.opts.netns !== undefined;
  const want = inode(self ? `${DEFAULT_NETNS_BASE}/${ctx.opts.netns}` : `/proc/${pidWord ?? process.pid}/ns/net`);
  if (typeof want !== "string") throw failed(`Cannot open network namespace: ${strerror(want.errno)}`);
  // ip keeps the last matching name and prints it (an empty line when none matches)
  let found = "";
  for (const name of names()) {
    if (inode(`${DEFAULT_NETNS_BASE}/${name}`) === want) found = name;
  }
  ctx.io.out(found + "\n");
  return 0;
}

function pids(ctx: Ctx, a: Args): number {
  const rest = a.rest();
  if (rest.length < 1) throw failed("No netns name specified");
  if (rest.length > 1) throw failed("extra arguments specified");
  const want = inode(`${DEFAULT_NETNS_BASE}/${rest[0]}`);
  if (typeof want !== "string") throw failed(`Cannot open network namespace: ${strerror(want.errno)}`);
  let out = "";
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    if (inode(`/proc/${d}/ns/net`) === want) out += d + "\n";
  }
  ctx.io.out(out);
  return 0;
}

function exec(ctx: Ctx, a: Args): number {
  const name = a.take();
  if (name === undefined) throw failed("No netns name specified");
  const argv = a.rest();
  if (argv.length === 0) throw failed("No command specified");
  checkName(name);
  try {
    NetnsHandle.fromName(name).close();
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    throw new CliError(`Cannot open network namespace "${name}": ${errno !== undefined ? strerror(errno) : (e as Error).message}\n`, 255, true);
  }
  return netnsExec(ctx, name, argv);
}

/** The `netns` object. */
export function run(ctx: Ctx, argv: string[]): number {
  const a = new Args(argv);
  const cmd = a.take();
  // do_netns: the word after the command must be a valid name (unless -all), whatever the command
  if (!ctx.opts.all && argv.length > 1) checkName(argv[1]!);
  if (cmd === undefined || matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) return list(ctx);
  if (matches(cmd, "list-id")) return listId(ctx, a);
  if (matches(cmd, "help")) throw new CliError(USAGE, 255, true);
  if (matches(cmd, "add")) return add(ctx, a);
  if (matches(cmd, "set")) return set(ctx, a);
  if (matches(cmd, "delete")) return del(ctx, a);
  if (matches(cmd, "identify")) return identify(ctx, a);
  if (matches(cmd, "pids")) return pids(ctx, a);
  if (matches(cmd, "exec")) return exec(ctx, a);
  if (matches(cmd, "attach")) return attach(a);
  throw new CliError(`Command "${cmd}" is unknown, try "ip netns help".\n`, 255, true);
}

const USAGE = NETNS_USAGE;
