/**
 * `ip link property add|del dev DEV altname NAME...` (iplink_prop and
 * iplink_prop_mod of iproute2 6.1): alternative link names through
 * LinkApi.addAltNames / deleteAltNames, with ip's words and messages.
 */
import { LinkApi } from "../lib/rtnl/link/api.ts";
import { Args, matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, duparg2, invarg, isNetlinkError, kernelError, nodev } from "./errors.ts";
import { LINK_USAGE } from "./usage-texts.ts";

const usage = () => new CliError(LINK_USAGE, 255, true);

/** check_altifname: 1..127 bytes, no "/" and no white space. */
const validAlt = (v: string): boolean => v !== "" && Buffer.byteLength(v) < 128 && !/[\/\s]/.test(v);

/** Run `ip link property ...`. */
export function property(ctx: Ctx, argv: string[]): number {
  const op = argv[0];
  if (op === undefined) throw usage();
  let add: boolean;
  if (matches(op, "add")) add = true;
  else if (matches(op, "del")) add = false;
  else if (matches(op, "help")) throw usage();
  else throw new CliError("Operator required\n", 255, true);
  const a = new Args(argv.slice(1));
  const names: string[] = [];
  let dev: string | undefined;
  while (!a.done) {
    const w = a.word();
    if (matches(w, "altname")) {
      const v = a.value();
      if (!validAlt(v)) throw invarg("not a valid altname", v);
      names.push(v);
    } else if (matches(w, "help")) throw usage();
    else {
      const v = w === "dev" ? a.value() : w;
      if (dev !== undefined) throw duparg2("dev", v);
      if (!validAlt(v)) throw invarg('"dev" not a valid ifname', v);
      dev = v;
    }
  }
  if (dev === undefined) throw new CliError('Not enough of information: "dev" argument is required.\n', 255, true);
  const index = ctx.names.indexOf(dev);
  if (!index) throw nodev(dev);
  // without a name ip sends an empty IFLA_PROP_LIST, which the kernel accepts and ignores: nothing to send
  if (names.length === 0) return 0;
  try {
    const api = new LinkApi(ctx.conn);
    if (add) api.addAltNames(index, names);
    else api.deleteAltNames(index, names);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}
