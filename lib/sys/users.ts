/**
 * User and group names as the C library resolves them (getpwnam(3),
 * getgrnam(3), getpwuid(3), getgrgid(3): /etc/passwd and /etc/group, or NSS
 * modules, whichever the system is configured for).
 *
 * The structs, LP64 glibc and musl alike (only the id fields are read):
 *
 *   struct passwd  0          8            16       20
 *                  +----------+------------+--------+--------+----------...
 *                  | pw_name* | pw_passwd* | pw_uid | pw_gid | pw_gecos*...
 *
 *   struct group   0          8            16       20 (pad) 24
 *                  +----------+------------+--------+-------+-----------+
 *                  | gr_name* | gr_passwd* | gr_gid |       | gr_mem**  |
 */
import { CString, read, type Pointer } from "bun:ffi";
import { cString, libc } from "./libc.ts";

const PW_UID = 16;
const GR_GID = 16;
/** pw_name and gr_name: the first member of both structs. */
const NAME = 0;

/** The uid of user `name` (getpwnam(3)), or undefined when there is no such user. */
export function userId(name: string): number | undefined {
  const pw = libc.getpwnam(cString(name, "user"));
  return pw ? read.u32(pw, PW_UID) : undefined;
}

/** The gid of group `name` (getgrnam(3)), or undefined when there is no such group. */
export function groupId(name: string): number | undefined {
  const gr = libc.getgrnam(cString(name, "group"));
  return gr ? read.u32(gr, GR_GID) : undefined;
}

/** The name of user `uid` (getpwuid(3)), or undefined when the C library knows none. */
export function userName(uid: number): string | undefined {
  const pw = libc.getpwuid(uid);
  return pw ? cText(pw as Pointer) : undefined;
}

/** The name of group `gid` (getgrgid(3)), or undefined when the C library knows none. */
export function groupName(gid: number): string | undefined {
  const gr = libc.getgrgid(gid);
  return gr ? cText(gr as Pointer) : undefined;
}

/** The NUL-terminated string the struct's name member points to. */
function cText(struct: Pointer): string | undefined {
  const name = read.ptr(struct, NAME);
  return name ? new CString(name as Pointer).toString() : undefined;
}
