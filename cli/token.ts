/**
 * `ip token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]` (ip/iptoken.c
 * of iproute2 6.1): IPv6 tokens through LinkApi's ipv6Tokens and
 * setIpv6Token, printed by lib/format/token.ts. Words, messages and exit
 * statuses as ip's: the first `dev` and the first token win, a missing one
 * is "Not enough information" (status 1), the kernel's refusal status 2.
 */
import { LinkApi } from "../lib/rtnl/link/api.ts";
import { NoTokenSupportError, type Ipv6Token } from "../lib/rtnl/link/token.ts";
import { printIpv6Token } from "../lib/format/token.ts";
import { matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, failed, incomplete, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { needPrefix } from "./prefix.ts";
import { printRows } from "./rows.ts";

const USAGE = "Usage: ip token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]\n";

/** iptoken_list: the first `dev NAME` filters (other words are skipped). */
function list(ctx: Ctx, argv: string[]): number {
  let ifindex = 0;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "dev") continue;
    if (++i >= argv.length) throw incomplete();
    ifindex = ctx.names.indexOf(argv[i]!);
    if (ifindex === 0) throw invarg("dev is invalid\n", argv[i]!);
    break;
  }
  let tokens: Ipv6Token[];
  try {
    tokens = new LinkApi(ctx.conn).ipv6Tokens(ifindex === 0 ? undefined : ifindex);
  } catch (e) {
    if (e instanceof NoTokenSupportError) throw new CliError("Seems there's no support for IPv6 token!\nDump terminated\n", 1, false);
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message + "Dump terminated\n", 1, false);
    throw e;
  }
  printRows(ctx, tokens, printIpv6Token);
  return 0;
}

/** iptoken_set: `del` sends the all-zero token. */
function set(ctx: Ctx, argv: string[], del: boolean): number {
  let token: string | undefined = del ? "::" : undefined;
  let anyToken = false;
  let ifindex = 0;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === "dev") {
      if (++i >= argv.length) throw incomplete();
      if (ifindex === 0) {
        ifindex = ctx.names.indexOf(argv[i]!);
        if (ifindex === 0) throw invarg("dev is invalid\n", argv[i]!);
      }
    } else {
      if (matches(w, "help")) throw new CliError(USAGE, 255, true);
      if (token === undefined) {
        const p = needPrefix(w, AF.INET6);
        // get_prefix's "default" is 16 zero bytes (the token cleared); "any"/"all" an empty IFLA_INET6_TOKEN,
        // which the kernel's policy (16 bytes) refuses: its answer, without the request (docs/CLI.md)
        if (p.any && w !== "default") anyToken = true;
        token = p.any ? "::" : p.text;
      }
    }
  }
  if (token === undefined) throw failed("Not enough information: token is required.\n");
  if (ifindex === 0) throw failed('Not enough information: "dev" argument is required.\n');
  if (anyToken) throw new CliError("Error: Attribute failed policy validation.\n", 2, false);
  new LinkApi(ctx.conn).setIpv6Token(ifindex, token); // a refusal is reported as ip's (dispatch.ts report)
  return 0;
}

/** The `token` object (do_iptoken). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return list(ctx, []);
  const rest = argv.slice(1);
  if (matches(cmd, "list") || matches(cmd, "lst") || matches(cmd, "show") || matches(cmd, "get")) return list(ctx, rest);
  if (matches(cmd, "set") || matches(cmd, "add")) return set(ctx, rest, false);
  if (matches(cmd, "delete")) return set(ctx, rest, true);
  if (matches(cmd, "help")) throw new CliError(USAGE, 255, true);
  throw new CliError(`Command "${cmd}" is unknown, try "ip token help".\n`, 255, true);
}
