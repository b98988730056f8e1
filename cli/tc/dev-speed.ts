/**
 * A link's speed as tc 6.1 reads it for a rate given in percent
 * (lib/utils.c read_prop(dev, "speed"): /sys/class/net/DEV/speed, strtol
 * base 0 of its first line) and parse_percent_rate (tc_util.c): the
 * percentage of that many Mbit/s printed with "%lf" and read back as a
 * rate. With -netns the file is read from a private sysfs mount made inside
 * that namespace (lib/sys/sysfs.ts), as tc sees it after switching. Errors
 * carry tc's stderr lines (the path named as tc names it).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { runInNetns } from "../../lib/netns/index.ts";
import { openSysfsMount } from "../../lib/sys/sysfs.ts";
import { closeFd } from "../../lib/sys/ns.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString } from "../../lib/rtnl/tc/units.ts";
import { strerror } from "../errors.ts";

/** read_prop(dev, "speed"): the value, or the lines tc printed on stderr. */
export type DevSpeed = () => { mbit: number } | { err: string };

/** read_prop(dev, "speed") in namespace `netns` (the current one when undefined). */
export function readDevSpeed(netns: string | undefined, dev: string): { mbit: number } | { err: string } {
  const fname = `/sys/class/net/${dev}/speed`;
  if (fname.length >= 128) return { err: "could not build pathname for property\n" };
  const mnt = netns === undefined ? undefined : runInNetns(netns, openSysfsMount);
  const path = mnt === undefined ? fname : `/proc/self/fd/${mnt}/class/net/${dev}/speed`;
  try {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (e) {
      return { err: `fopen ${fname}: ${strerror(Math.abs((e as NodeJS.ErrnoException).errno ?? 2))}\n` };
    }
    let text: string;
    try {
      const buf = Buffer.alloc(80);
      const n = readSync(fd, buf, 0, 79, 0);
      text = buf.subarray(0, n).toString("latin1");
    } catch {
      text = "";
    } finally {
      closeSync(fd);
    }
    const failed = `Failed to parse ${fname}\n`;
    if (text === "") return { err: `property "speed" in file ${fname} is currently unknown\n${failed}` };
    const line = text.split("\n")[0]!;
    const v = strtoulWord(line, 0, true);
    if (v === undefined) return { err: `value "${line}" in file ${fname} is not a number\n${failed}` };
    return { mbit: Number(v) };
  } finally {
    if (mnt !== undefined) closeFd(mnt);
  }
}

/**
 * get_percent_rate64: "N%" of the link's speed in bytes per second, or the
 * lines tc printed before its caller's own refusal.
 */
export function percentRate(word: string, speed: DevSpeed | undefined): { rate: number } | { err: string } {
  if (speed === undefined) return { err: "No device specified; specify device to rate limit by percentage\n" };
  const s = speed();
  if ("err" in s) return s;
  const malformed = { err: "Specified rate value could not be read or is malformed\n" };
  const run = /^[0-9.%]+/.exec(word); // sscanf "%m[0-9.%]"
  if (run === null) return malformed;
  const m = /^(?:\d+\.?\d*|\.\d+)/.exec(run[0]); // strtod over digits and dots
  const perc = (m === null ? 0 : Number(m[0])) / 100;
  if (perc > 1 || perc < 0) return { err: `Invalid rate specified; should be between [0,100]% but is ${word}\n` };
  const rest = run[0].slice(m === null ? 0 : m[0].length);
  if (rest !== "" && rest !== "%") return malformed;
  const text = (perc * s.mbit * 1000 * 1000).toFixed(6); // snprintf "%lf" into 20 bytes
  if (text.length >= 20) return { err: "Unable to parse calculated rate\n" };
  const rate = parseRateString(text);
  return rate === undefined ? { err: "" } : { rate };
}
