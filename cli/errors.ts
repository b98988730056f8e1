/**
 * How the command line fails, mirroring iproute2's conventions so scripts
 * see the same exit codes as with `ip`:
 * - exit 255 (ip's exit(-1)): unknown option or command, incomplete or
 *   invalid argument; in a batch this ends the whole batch at once.
 * - exit 1 (a command returning -1): e.g. "Cannot find device"; a batch
 *   reports "Command failed FILE:LINE" and goes on with -force.
 * - exit 2 (a command returning -2): the kernel refused the request.
 * Messages are one line (ip's invarg leaves a blank line after some).
 */
import type { NetlinkError } from "../lib/conn/errors.ts";
import { errnoMessage } from "../lib/sys/errno.ts";

/** A failure of the command line: `message` goes to stderr as is. */
export class CliError extends Error {
  override readonly name = "CliError";
  /**
   * @param message text printed to stderr (newline included)
   * @param code process exit status
   * @param fatal true for ip's exit() paths: a batch stops at once, without "Command failed"
   */
  constructor(message: string, readonly code: number, readonly fatal: boolean) {
    super(message);
  }
}

/** `Command line is not complete. Try option "help"` (exit 255). */
export function incomplete(): CliError {
  return new CliError('Command line is not complete. Try option "help"\n', 255, true);
}

/** ip's invarg(): `Error: argument "ARG" is wrong: MSG` (exit 255). */
export function invarg(msg: string, arg: string): CliError {
  return new CliError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255, true);
}

/** ip's duparg(): a keyword given twice (exit 255). */
export function duparg(key: string, arg: string): CliError {
  return new CliError(`Error: duplicate "${key}": "${arg}" is the second value.\n`, 255, true);
}

/** ip's duparg2(): an unexpected word (exit 255). */
export function duparg2(key: string, arg: string): CliError {
  return new CliError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, 255, true);
}

/** ip's missarg(): a required keyword is missing (exit 255). */
export function missarg(key: string): CliError {
  return new CliError(`Error: argument "${key}" is required\n`, 255, true);
}

/** A failed command (exit 1; a batch goes on with -force). */
export function failed(msg: string): CliError {
  return new CliError(msg.endsWith("\n") ? msg : msg + "\n", 1, false);
}

/** A fatal exit with status 1 (ip's exit(1), e.g. a malformed prefix). */
export function fatal1(msg: string): CliError {
  return new CliError(msg.endsWith("\n") ? msg : msg + "\n", 1, true);
}

/** `Cannot find device "X"` (exit 1). */
export function nodev(name: string): CliError {
  return failed(`Cannot find device "${name}"`);
}

/** A nexthop group's `dev` that does not exist: nodev() returns -1 to parse_nexthops, which adds its line and exits (255). */
export function nodevNexthop(name: string): CliError {
  return new CliError(`Cannot find device "${name}"\nError: cannot parse nexthop\n`, 255, true);
}

/**
 * The kernel refused a request: "Error: <extended ACK text>." when the
 * kernel said why, else "RTNETLINK answers: <strerror>" (exit 2).
 */
export function kernelError(e: NetlinkError, prefix = "RTNETLINK answers"): CliError {
  const msg = e.extack?.msg;
  if (msg) return new CliError(`Error: ${msg}${msg.endsWith(".") ? "" : "."}\n`, 2, false);
  return new CliError(`${prefix}: ${strerror(e.errno)}\n`, 2, false);
}

/**
 * What libnetlink's rtnl_dump_done prints for a dump that ended in an
 * error (the caller adds "Dump terminated" / "Flush terminated"): the
 * kernel's extended ACK message, else nothing for ENOENT and EOPNOTSUPP,
 * ip's text for EMSGSIZE, and "RTNETLINK answers: ..." for the rest.
 */
export function dumpErrorText(e: NetlinkError): string {
  if (e.extack?.msg) return kernelError(e).message;
  if (e.code === "ENOENT" || e.code === "EOPNOTSUPP") return "";
  if (e.code === "EMSGSIZE") return "Error: Buffer too small for object.\n";
  return kernelError(e).message;
}

/** glibc strerror text for an errno (positive or negative). */
export function strerror(errno: number): string {
  return errnoMessage(errno);
}

/** True for errors of the library's NetlinkError class (checked by name, no import). */
export function isNetlinkError(e: unknown): e is NetlinkError {
  return e instanceof Error && e.name === "NetlinkError" && typeof (e as NetlinkError).errno === "number";
}
