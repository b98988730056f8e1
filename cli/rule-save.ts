/**
 * `ip rule save` and `ip rule restore` as iproute2 6.1 does them
 * (ip/iprule.c): save takes no selector, writes the 32-bit magic
 * 0x71706986 (host order) and then every RTM_NEWRULE message of the
 * listing family's dump byte for byte as the kernel sent it; restore reads
 * such a stream from stdin (rtnl_from_file) and sends each message back
 * with NLM_F_REQUEST|NLM_F_CREATE|NLM_F_ACK added to its flags, reporting
 * every refusal and going on past EEXIST only.
 */
import { RTM } from "../codecs/rtnetlink.ts";
import type { Ctx } from "./context.ts";
import { dumpInput, sendBack, startDump, walkDump, writeBin } from "./dump-stream.ts";
import { CliError, isNetlinkError, kernelError } from "./errors.ts";
import { printRows } from "./rows.ts";

/** ip's rule_dump_magic. */
export const RULE_DUMP_MAGIC = 0x71706986;

/**
 * `ip rule save` (`af`: the listing family, AF_INET without -4/-6/-f).
 * With -j ip's JSON array ("[]", or "[" after a dump error) follows the
 * binary stream, as ip's stdio buffer does after its write(2)s.
 */
export function save(ctx: Ctx, argv: string[], af: number): number {
  if (argv.length > 0) throw new CliError('"ip rule save" does not take any arguments.\n', 1, false);
  const refused = startDump(ctx, RULE_DUMP_MAGIC);
  if (refused !== undefined) throw new CliError(refused, 1, false);
  const hdr = new Uint8Array(12);
  hdr[0] = af;
  try {
    ctx.conn.raw(RTM.GETRULE, 0, (w) => w.bytes(hdr), (buf, _dv, payload, end) => writeBin(ctx, buf.slice(payload - 16, end)), true);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    if (ctx.opts.json) ctx.io.out(ctx.opts.pretty ? "[ " : "[");
    throw new CliError(kernelError(e).message + "Dump terminated\n", 255, false);
  }
  if (ctx.opts.json) printRows(ctx, [], () => undefined);
  return 0;
}

/**
 * `ip rule restore`: each message of stdin in turn (rtnl_from_file: a
 * truncated or malformed one ends it, status 255), sent as restore_handler
 * does; a refusal other than EEXIST ends it with status 255. ip exit()s
 * with that status, also 0, so it always ends a batch: the outcome is
 * thrown as a fatal CliError. (ip also re-reads the link table before each
 * message, a dump that changes nothing; it is not repeated here.)
 */
export function restore(ctx: Ctx): never {
  // rule_dump_check_magic: ip exits -1 on a terminal or a wrong magic
  const input = dumpInput(ctx, "rule", RULE_DUMP_MAGIC);
  if ("error" in input) throw new CliError(input.error, 255, true);
  const data = input.data;
  let refusal: CliError | undefined;
  const complaint = walkDump(ctx, data, (off, len) => {
    const refused = sendBack(ctx, data, off, len);
    if (refused && !refused.exists) {
      refusal = new CliError(refused.text, 255, true);
      return false;
    }
    if (refused) ctx.io.err(refused.text);
    return true;
  });
  if (refusal) throw refusal;
  if (complaint !== undefined) throw new CliError(complaint, 255, true);
  throw new CliError("", 0, true);
}
