/**
 * `ip addrlabel list|add|del|flush` (ip/ipaddrlabel.c of iproute2 6.1):
 * the IPv6 address selection label table through the library's
 * AddrlabelApi; add/del send ip's message and leave the checks to the
 * kernel.
 */
import { AddrlabelApi, type AddrlabelMessage } from "../lib/rtnl/addrlabel/api.ts";
import { printAddrlabel } from "../lib/format/addrlabel.ts";
import { getUnsigned, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, failed, incomplete, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { needPrefix, type PrefixArg } from "./prefix.ts";
import { ADDRLABEL_USAGE } from "./usage-texts.ts";

const usage = () => new CliError(ADDRLABEL_USAGE, 255, true);

function list(ctx: Ctx, argv: string[]): number {
  if (argv.length > 0) throw failed('"ip addrlabel show" does not take any arguments.');
  printRows(ctx, new AddrlabelApi(ctx.conn).list(), (p, l) =>
    printAddrlabel(p, l, { devName: (i) => ctx.names.nameOf(i) }));
  return 0;
}

function modify(ctx: Ctx, argv: string[], del: boolean): number {
  let prefix: PrefixArg | undefined;
  let label: number | undefined;
  let index = 0;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "prefix") prefix = needPrefix(next(), ctx.opts.family);
    else if (w === "dev") {
      const d = next();
      index = ctx.names.indexOf(d);
      if (!index) throw invarg("dev is invalid\n", d);
    } else if (w === "label") {
      const v = next();
      const n = getUnsigned(v);
      if (n === undefined || n === 0xffffffff) throw invarg("label is invalid\n", v);
      label = n;
    }
  }
  if (!prefix) throw failed('Not enough information: "prefix" argument is required.');
  if (label === undefined) throw failed('Not enough information: "label" argument is required.');
  const family = ctx.opts.family === AF.UNSPEC ? AF.INET6 : ctx.opts.family;
  const attrs: AddrlabelMessage["attrs"] = { label };
  if (prefix.bytes.length) attrs.address = prefix.any ? (prefix.family === AF.INET ? "0.0.0.0" : "::") : prefix.text;
  const msg: AddrlabelMessage = { family, prefixlen: prefix.bitlen, flags: 0, index, seq: 0, attrs };
  try {
    new AddrlabelApi(ctx.conn).sendUnchecked(msg, del);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

function flush(ctx: Ctx, argv: string[]): number {
  if (argv.length > 0) throw failed('"ip addrlabel flush" does not allow extra arguments');
  const api = new AddrlabelApi(ctx.conn);
  for (const l of api.list()) {
    const slash = l.prefix.lastIndexOf("/");
    const msg: AddrlabelMessage = {
      family: AF.INET6, prefixlen: Number(l.prefix.slice(slash + 1)), flags: 0, index: l.index ?? 0, seq: 0,
      attrs: { address: l.prefix.slice(0, slash), label: l.label },
    };
    try {
      api.sendUnchecked(msg, true);
    } catch (e) {
      if (isNetlinkError(e)) throw kernelError(e);
      throw e;
    }
  }
  return 0;
}

/** The `addrlabel` object (do_ipaddrlabel). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  const rest = argv.slice(1);
  if (cmd === undefined) return list(ctx, []);
  if (matches(cmd, "list") || matches(cmd, "lst") || matches(cmd, "show")) return list(ctx, rest);
  if (matches(cmd, "add")) return modify(ctx, rest, false);
  if (matches(cmd, "delete")) return modify(ctx, rest, true);
  if (matches(cmd, "flush")) return flush(ctx, rest);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip addrlabel help".\n`, 255, true);
}
