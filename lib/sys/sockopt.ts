/**
 * setsockopt(2)/getsockopt(2) helpers for int and struct timeval options
 * (socket(7), netlink(7)), plus the argument checks the socket code shares.
 * The option value buffer is module-level scratch: every call is synchronous
 * and a Worker gets its own module instance, so it is never shared mid-call.
 */
import { ptr } from "bun:ffi";
import {
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_RCVTIMEO,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SO_SNDTIMEO,
  SOL_SOCKET,
  TIMEVAL_SIZE,
} from "./constants.ts";
import { lastErrno, libc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";

const scratch = new ArrayBuffer(32);
const dv = new DataView(scratch);
const sp: number = ptr(scratch);
const VAL = 0; // int or struct timeval (16 bytes)
const LEN = 16; // socklen_t for getsockopt

/** Throw TypeError/RangeError naming `field` unless `value` is an integer in min..max. */
export function checkIntRange(value: unknown, field: string, min: number, max: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${field} must be an integer, got ${String(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${field} must be in ${min}..${max}, got ${value}`);
}

/**
 * setsockopt(2) a 4-byte int option; returns 0 on success or the errno (no
 * throw), so callers can decide which errors mean "not supported here".
 */
export function setIntOption(fd: number, level: number, option: number, value: number): number {
  checkIntRange(level, "level", 0, 0x7fffffff);
  checkIntRange(option, "option", 0, 0x7fffffff);
  checkIntRange(value, "value", -0x80000000, 0xffffffff);
  dv.setInt32(VAL, value | 0, true);
  return libc.setsockopt(fd, level, option, sp + VAL, 4) === 0 ? 0 : lastErrno();
}

/** getsockopt(2) a 4-byte int option. Throws SyscallError("getsockopt"). */
export function getIntOption(fd: number, level: number, option: number): number {
  checkIntRange(level, "level", 0, 0x7fffffff);
  checkIntRange(option, "option", 0, 0x7fffffff);
  dv.setInt32(VAL, 0, true);
  dv.setUint32(LEN, 4, true);
  if (libc.getsockopt(fd, level, option, sp + VAL, sp + LEN) !== 0) {
    throw new SyscallError("getsockopt", lastErrno(), optionName(level, option));
  }
  return dv.getInt32(VAL, true);
}

/**
 * setsockopt(2) a struct timeval option (SO_RCVTIMEO/SO_SNDTIMEO, 64-bit
 * layout: tv_sec, tv_usec as longs) to `ms` milliseconds; 0 = no timeout.
 * Throws SyscallError("setsockopt").
 */
export function setTimevalOption(fd: number, level: number, option: number, ms: number): void {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`ms must be a non-negative number, got ${String(ms)}`);
  }
  const us = Math.ceil(ms * 1000);
  dv.setBigInt64(VAL, BigInt(Math.floor(us / 1_000_000)), true);
  dv.setBigInt64(VAL + 8, BigInt(us % 1_000_000), true);
  if (libc.setsockopt(fd, level, option, sp + VAL, TIMEVAL_SIZE) !== 0) {
    throw new SyscallError("setsockopt", lastErrno(), optionName(level, option));
  }
}

const SOCKET_OPTION_NAMES: Record<number, string> = {
  [SO_SNDBUF]: "SO_SNDBUF",
  [SO_RCVBUF]: "SO_RCVBUF",
  [SO_SNDBUFFORCE]: "SO_SNDBUFFORCE",
  [SO_RCVBUFFORCE]: "SO_RCVBUFFORCE",
  [SO_RCVTIMEO]: "SO_RCVTIMEO",
  [SO_SNDTIMEO]: "SO_SNDTIMEO",
};

/** Context text for option errors: "SO_RCVBUF", or "level 270 option 11". */
export function optionName(level: number, option: number): string {
  const known = level === SOL_SOCKET ? SOCKET_OPTION_NAMES[option] : undefined;
  return known ?? `level ${level} option ${option}`;
}
