/**
 * Plain file reads and writes through libc (read(2), write(2), open(2)) for
 * the command line's start: node:fs costs several milliseconds to load, more
 * than everything `link show` reads and writes (its stdout, /etc/iproute2/group)
 * or `route show` lists (/etc/iproute2/rt_tables.d).
 * Everything else may keep using node:fs.
 */
import { CString } from "bun:ffi";
import { O_CLOEXEC, O_DIRECTORY, O_RDONLY } from "./constants.ts";
import { Errno } from "./errno.ts";
import { cString, lastErrno, libc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";

/** write(2) `len` bytes of `buf` from `off` to `fd`; returns how many were written. EINTR is retried; other errors throw SyscallError("write") (code EAGAIN, EPIPE, ...). */
export function writeFd(fd: number, buf: Uint8Array, off = 0, len = buf.length - off): number {
  if (off < 0 || len < 0 || off + len > buf.length) throw new RangeError(`write of ${len} bytes at ${off} is outside a buffer of ${buf.length}`);
  for (;;) {
    const n = libc.write(fd, off === 0 ? buf : buf.subarray(off), len) as number;
    if (n >= 0) return n;
    const e = lastErrno();
    if (e !== Errno.EINTR) throw new SyscallError("write", e);
  }
}

/**
 * The whole file at `path` as UTF-8 text (invalid sequences replaced, as
 * readFileSync(path, "utf8") does), or undefined when it cannot be opened.
 * Read errors after a successful open throw SyscallError("read", path).
 */
export function readTextFile(path: string): string | undefined {
  const fd = libc.open(cString(path, "path"), O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return undefined;
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(64 << 10);
      const n = libc.read(fd, buf, buf.length) as number;
      if (n < 0) {
        const e = lastErrno();
        if (e === Errno.EINTR) continue;
        throw new SyscallError("read", e, path);
      }
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
    const all = chunks.length === 1 ? chunks[0]! : new Uint8Array(total);
    if (chunks.length > 1) {
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
    }
    return new TextDecoder().decode(all);
  } finally {
    libc.close(fd);
  }
}

/** True when `path` can be opened as a directory (open(2) O_DIRECTORY). */
export function isDirectory(path: string): boolean {
  const fd = libc.open(cString(path, "path"), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) return false;
  libc.close(fd);
  return true;
}

/**
 * struct dirent as readdir(3) returns it on LP64 glibc and musl (the layouts agree):
 *
 *   0       8       16      18  19
 *   +-------+-------+-------+---+---------------------+
 *   | d_ino | d_off |reclen |typ| d_name (NUL-ended)  |
 *   +-------+-------+-------+---+---------------------+
 */
const DIRENT_NAME = 19;

/**
 * Names in directory `path` (opendir(3)/readdir(3), in the directory's
 * order, without "." and ".."), as readdirSync(path) lists them; undefined
 * when it cannot be opened as a directory (missing, not a directory, no
 * permission). readdir's end and its (rare) errors both end the listing.
 */
export function readDirNames(path: string): string[] | undefined {
  const d = libc.opendir(cString(path, "path"));
  if (!d) return undefined;
  try {
    const names: string[] = [];
    for (;;) {
      const e = libc.readdir(d);
      if (!e) break;
      const name = new CString(e, DIRENT_NAME).toString();
      if (name !== "." && name !== "..") names.push(name);
    }
    return names;
  } finally {
    libc.closedir(d);
  }
}
