/**
 * Which processes hold a tun/tap device open, as `ip -d tuntap show` finds
 * them (iproute2 6.1 ip/iptuntap.c show_processes): every
 * /proc/PID/fd/FD (PID and FD starting with a digit, in directory order)
 * whose link reads /dev/net/tun and whose /proc/PID/fdinfo/FD has the line
 * `iff: NAME`; the process name is /proc/PID/comm (lib/fs.c get_task_name).
 */
import { errnoNumber } from "../sys/errno.ts";
import { readDirNames, readTextFile } from "../sys/fileio.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { TUN_DEVICE } from "./flags.ts";

/** node:fs, loaded on first use (only the -d listing reads links). */
const fs = (): typeof import("node:fs") => process.getBuiltinModule("node:fs");

/** One process attached to a device (once per fd it holds). */
export interface TunTapProcess {
  pid: number;
  /** /proc/PID/comm, or undefined when it could not be read (ip prints "<NULL>"). */
  name: string | undefined;
}

/** The attached processes, and the reads that failed (ip's perror lines: readlink, fopen). */
export interface TunTapProcesses {
  processes: TunTapProcess[];
  errors: SyscallError[];
}

/** C's sscanf("%d") of a /proc name (leading digits). */
function leadingInt(s: string): number {
  return Number.parseInt(s, 10);
}

function syscallError(syscall: string, e: unknown, path: string): SyscallError {
  const code = (e as { code?: string }).code;
  const n = code === undefined ? undefined : errnoNumber(code);
  if (n === undefined) throw e;
  return new SyscallError(syscall, n, path);
}

/**
 * The processes holding `name` open. `skipPid` (default: this process, as ip
 * skips itself) is left out. A fd whose link cannot be read is reported in
 * `errors` (root gets EACCES for some, e.g. another namespace's init).
 */
export function tunTapProcesses(name: string, skipPid: number = process.pid): TunTapProcesses {
  const out: TunTapProcesses = { processes: [], errors: [] };
  for (const p of readDirNames("/proc") ?? []) {
    if (!/^[0-9]/.test(p)) continue;
    const pid = leadingInt(p);
    for (const f of readDirNames(`/proc/${p}/fd`) ?? []) {
      if (!/^[0-9]/.test(f)) continue;
      if (pid === skipPid) continue;
      const path = `/proc/${p}/fd/${f}`;
      let target: string;
      try {
        target = fs().readlinkSync(path);
      } catch (e) {
        out.errors.push(syscallError("readlink", e, path));
        continue;
      }
      if (target !== TUN_DEVICE) continue;
      const info = readTextFile(`/proc/${pid}/fdinfo/${leadingInt(f)}`);
      if (info === undefined) {
        out.errors.push(new SyscallError("fopen", errnoNumber("ENOENT")!, `/proc/${pid}/fdinfo/${leadingInt(f)}`));
        continue;
      }
      for (const line of info.split("\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0 || line.slice(0, colon) !== "iff") continue;
        if (line.slice(colon + 1).trim().split(/\s+/)[0] !== name) continue;
        const comm = readTextFile(`/proc/${pid}/comm`);
        out.processes.push({ pid, name: comm === undefined ? undefined : comm.split("\n")[0]! });
      }
    }
  }
  return out;
}
