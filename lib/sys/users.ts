/**
 * User and group names as the C library resolves them (getpwnam(3),
 * getgrnam(3): /etc/passwd and /etc/group, or NSS modules, whichever the
 * system is configured for).
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
import { read } from "bun:ffi";
import { cString, libc } from "./libc.ts";

const PW_UID = 16;
const GR_GID = 16;

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
