/** Errno tests on kernel refusals (NetlinkError from lib/conn). */
import { NetlinkError } from "../conn/errors.ts";

/** True when `e` is a NetlinkError with one of the errno names `codes`. */
export function isNetlinkErrno(e: unknown, ...codes: string[]): e is NetlinkError {
  return e instanceof NetlinkError && codes.includes(e.code);
}
