/**
 * The bpf(2) commands bun-netlink uses (linux/bpf.h), through libc's
 * syscall(3): BPF_OBJ_GET (open a program or map pinned in a bpffs, what tc
 * does for `object-pinned PATH`), BPF_OBJ_PIN and BPF_PROG_LOAD (load a
 * program from raw instructions, e.g. a two-instruction sched_cls program
 * for tests). libc has no bpf() wrapper, so the syscall number is per
 * architecture. The libc symbol is bound on first use, not at import.
 *
 * union bpf_attr, the members used (every other byte zero):
 *
 *   BPF_OBJ_GET / BPF_OBJ_PIN            BPF_PROG_LOAD
 *   0               8       12      16   0         4         8            16        24
 *   +---------------+-------+-------+    +---------+---------+------------+---------+
 *   | pathname (u64)| bpf_fd| flags |    | type u32| cnt u32 | insns (u64)| license |
 *   +---------------+-------+-------+    +---------+---------+------------+---------+
 *                                        24: log_level u32, 28: log_size u32, 32: log_buf u64,
 *                                        40: kern_version u32, 44: prog_flags u32, 48: prog_name[16]
 */
import { dlopen, FFIType, ptr } from "bun:ffi";
import { cString, lastErrno, libcCandidates, openLibc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";
import { closeFd } from "./ns.ts";

/** __NR_bpf per process.arch (asm/unistd.h of each architecture). */
const NR_BPF: Record<string, number> = { x64: 321, arm64: 280, riscv64: 280, ia32: 357, arm: 386, s390x: 351, ppc64: 361, loong64: 280 };

/** enum bpf_cmd values used here. */
export const BPF_CMD = { MAP_CREATE: 0, MAP_LOOKUP_ELEM: 1, MAP_UPDATE_ELEM: 2, PROG_LOAD: 5, OBJ_PIN: 6, OBJ_GET: 7, PROG_GET_FD_BY_ID: 13, OBJ_GET_INFO_BY_FD: 15 } as const;

/** enum bpf_map_type values used here. */
export const BPF_MAP_TYPE = { ARRAY: 2, PROG_ARRAY: 3 } as const;

/** enum bpf_prog_type values a tc user loads. */
export const BPF_PROG_TYPE = { SOCKET_FILTER: 1, SCHED_CLS: 3, SCHED_ACT: 4 } as const;

/** Size of the attr passed (the kernel requires bytes past its own union to be zero; these are). */
const ATTR_SIZE = 128;

let sys: ((cmd: number, attr: number, size: number) => number) | undefined;
function bpfSyscall(cmd: number, attr: Uint8Array): number {
  if (sys === undefined) {
    const nr = NR_BPF[process.arch];
    if (nr === undefined) throw new SyscallError("bpf", 38 /* ENOSYS */, `no bpf(2) number known for ${process.arch}`);
    const lib = openLibc(libcCandidates(), (name) => dlopen(name, { syscall: { args: [FFIType.i64, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i64_fast } }));
    sys = (c, a, s) => Number(lib.symbols.syscall(nr, c, a, s));
  }
  return sys(cmd, ptr(attr), ATTR_SIZE);
}

function attrOf(): { buf: Uint8Array; dv: DataView } {
  const buf = new Uint8Array(ATTR_SIZE);
  return { buf, dv: new DataView(buf.buffer) };
}

/**
 * BPF_OBJ_GET: a new file descriptor for the object pinned at `path` (a
 * file in a bpffs mount). Throws SyscallError("bpf") with the errno
 * (ENOENT no such pin, EPERM/EACCES, EINVAL not a bpffs file...).
 */
export function bpfObjGet(path: string): number {
  const name = cString(path, "pinned");
  const { buf, dv } = attrOf();
  dv.setBigUint64(0, BigInt(ptr(name)), true);
  const fd = bpfSyscall(BPF_CMD.OBJ_GET, buf);
  if (fd < 0) throw new SyscallError("bpf", lastErrno(), `BPF_OBJ_GET ${path}`);
  return fd;
}

/** BPF_OBJ_PIN: pin the object behind `fd` at `path` (in a bpffs mount). */
export function bpfObjPin(fd: number, path: string): void {
  const name = cString(path, "path");
  const { buf, dv } = attrOf();
  dv.setBigUint64(0, BigInt(ptr(name)), true);
  dv.setUint32(8, fd, true);
  if (bpfSyscall(BPF_CMD.OBJ_PIN, buf) < 0) throw new SyscallError("bpf", lastErrno(), `BPF_OBJ_PIN ${path}`);
}

/**
 * BPF_PROG_LOAD of raw eBPF instructions (8 bytes each: code, dst|src<<4,
 * off s16, imm s32, little-endian as the host). Returns the program's fd.
 */
export function bpfProgLoad(type: number, insns: Uint8Array, license = "GPL", name = ""): number {
  if (insns.length === 0 || insns.length % 8 !== 0) throw new RangeError("insns: a whole number of 8-byte instructions is required");
  if (name.length > 15) throw new RangeError("name: at most 15 bytes");
  const lic = cString(license, "license");
  const code = new Uint8Array(insns);
  const { buf, dv } = attrOf();
  dv.setUint32(0, type, true);
  dv.setUint32(4, insns.length / 8, true);
  dv.setBigUint64(8, BigInt(ptr(code)), true);
  dv.setBigUint64(16, BigInt(ptr(lic)), true);
  buf.set(new TextEncoder().encode(name), 48);
  const fd = bpfSyscall(BPF_CMD.PROG_LOAD, buf);
  if (fd < 0) throw new SyscallError("bpf", lastErrno(), "BPF_PROG_LOAD");
  return fd;
}

/** What bpfProgLoadLogged sends besides the instructions (libbpf's bpf_prog_load attributes that tc's object loading sets). */
export interface BpfProgLoadOptions {
  type: number;
  insns: Uint8Array;
  license: string;
  /** prog_name, at most 15 bytes (BPF_OBJ_NAME_LEN - 1). */
  name: string;
  kernVersion?: number;
  /** prog_ifindex: offload to this device (tc sets it for skip_sw). */
  ifindex?: number;
  /** log_level; with a level, a log buffer of `logSize` bytes is passed. */
  logLevel?: number;
  logSize?: number;
}

/**
 * BPF_PROG_LOAD with the verifier log: returns the program's fd, or the
 * errno and the log text (empty without a log level) when the kernel
 * refuses the program. Offsets in union bpf_attr: 24 log_level, 28
 * log_size, 32 log_buf, 40 kern_version, 48 prog_name[16], 64 prog_ifindex.
 */
export function bpfProgLoadLogged(o: BpfProgLoadOptions): { fd: number } | { errno: number; log: string } {
  if (o.insns.length === 0 || o.insns.length % 8 !== 0) throw new RangeError("insns: a whole number of 8-byte instructions is required");
  const nameBytes = new TextEncoder().encode(o.name);
  if (nameBytes.length > 15) throw new RangeError("name: at most 15 bytes");
  const lic = cString(o.license, "license");
  const code = new Uint8Array(o.insns);
  const log = o.logLevel ? new Uint8Array(o.logSize ?? 1 << 24) : undefined;
  const { buf, dv } = attrOf();
  dv.setUint32(0, o.type, true);
  dv.setUint32(4, code.length / 8, true);
  dv.setBigUint64(8, BigInt(ptr(code)), true);
  dv.setBigUint64(16, BigInt(ptr(lic)), true);
  if (log !== undefined) {
    dv.setUint32(24, o.logLevel!, true);
    dv.setUint32(28, log.length, true);
    dv.setBigUint64(32, BigInt(ptr(log)), true);
  }
  dv.setUint32(40, o.kernVersion ?? 0, true);
  buf.set(nameBytes, 48);
  dv.setUint32(64, o.ifindex ?? 0, true);
  const fd = bpfSyscall(BPF_CMD.PROG_LOAD, buf);
  if (fd >= 0) return { fd };
  const errno = lastErrno();
  if (log === undefined) return { errno, log: "" };
  const end = log.indexOf(0);
  return { errno, log: new TextDecoder().decode(end < 0 ? log : log.subarray(0, end)) };
}

/** Close a descriptor bpfObjGet / bpfProgLoad returned. */
export function bpfClose(fd: number): void {
  closeFd(fd);
}

/** What BPF_OBJ_GET_INFO_BY_FD tells about a program (struct bpf_prog_info, the members tc prints). */
export interface BpfProgInfo {
  name: string;
  /** The 8-byte tag as 16 hex digits. */
  tag: string;
  jited: boolean;
  /** ns since boot. */
  loadTime: bigint;
  createdByUid: number;
  btfId: number;
}

/**
 * struct bpf_prog_info (linux/bpf.h), the members read:
 *   8 tag[8], 16 jited_prog_len u32, 40 load_time u64, 48 created_by_uid u32, 64 name[16], 128 btf_id u32
 */
const PROG_INFO_SIZE = 256;

/** A program's info by id (BPF_PROG_GET_FD_BY_ID + BPF_OBJ_GET_INFO_BY_FD); undefined when it cannot be read (gone, no permission). */
export function bpfProgInfo(id: number): BpfProgInfo | undefined {
  const { buf, dv } = attrOf();
  dv.setUint32(0, id >>> 0, true);
  const fd = bpfSyscall(BPF_CMD.PROG_GET_FD_BY_ID, buf);
  if (fd < 0) return undefined;
  try {
    const info = new Uint8Array(PROG_INFO_SIZE);
    const a = attrOf();
    a.dv.setUint32(0, fd, true);
    a.dv.setUint32(4, PROG_INFO_SIZE, true);
    a.dv.setBigUint64(8, BigInt(ptr(info)), true);
    if (bpfSyscall(BPF_CMD.OBJ_GET_INFO_BY_FD, a.buf) !== 0 || a.dv.getUint32(4, true) === 0) return undefined;
    const iv = new DataView(info.buffer);
    const nameBytes = info.subarray(64, 80);
    const end = nameBytes.indexOf(0);
    return {
      name: new TextDecoder().decode(end < 0 ? nameBytes : nameBytes.subarray(0, end)),
      tag: Array.from(info.subarray(8, 16), (b) => b.toString(16).padStart(2, "0")).join(""),
      jited: iv.getUint32(16, true) !== 0,
      loadTime: iv.getBigUint64(40, true),
      createdByUid: iv.getUint32(48, true),
      btfId: iv.getUint32(128, true),
    };
  } finally {
    closeFd(fd);
  }
}

/**
 * BPF_MAP_UPDATE_ELEM: set `key` to `value` in the map behind `mapFd`
 * (`flags` BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2). For a program array the
 * value is a program fd. attr: map_fd u32 @0, key u64 @8, value u64 @16, flags u64 @24.
 */
export function bpfMapUpdate(mapFd: number, key: Uint8Array, value: Uint8Array, flags = 0): void {
  const k = new Uint8Array(key), v = new Uint8Array(value);
  const { buf, dv } = attrOf();
  dv.setUint32(0, mapFd, true);
  dv.setBigUint64(8, BigInt(ptr(k)), true);
  dv.setBigUint64(16, BigInt(ptr(v)), true);
  dv.setBigUint64(24, BigInt(flags), true);
  if (bpfSyscall(BPF_CMD.MAP_UPDATE_ELEM, buf) < 0) throw new SyscallError("bpf", lastErrno(), "BPF_MAP_UPDATE_ELEM");
}

/** BPF_MAP_LOOKUP_ELEM: the value of `key` (`valueSize` bytes); undefined when absent (ENOENT). A program array gives the program's id. */
export function bpfMapLookup(mapFd: number, key: Uint8Array, valueSize: number): Uint8Array | undefined {
  const k = new Uint8Array(key), v = new Uint8Array(valueSize);
  const { buf, dv } = attrOf();
  dv.setUint32(0, mapFd, true);
  dv.setBigUint64(8, BigInt(ptr(k)), true);
  dv.setBigUint64(16, BigInt(ptr(v)), true);
  if (bpfSyscall(BPF_CMD.MAP_LOOKUP_ELEM, buf) < 0) {
    const e = lastErrno();
    if (e === 2) return undefined;
    throw new SyscallError("bpf", e, "BPF_MAP_LOOKUP_ELEM");
  }
  return v;
}

/** BPF_MAP_CREATE: attr map_type u32 @0, key_size @4, value_size @8, max_entries @12, map_flags @16. Returns the map's fd. */
export function bpfMapCreate(type: number, keySize: number, valueSize: number, maxEntries: number, flags = 0): number {
  const { buf, dv } = attrOf();
  dv.setUint32(0, type, true);
  dv.setUint32(4, keySize, true);
  dv.setUint32(8, valueSize, true);
  dv.setUint32(12, maxEntries, true);
  dv.setUint32(16, flags, true);
  const fd = bpfSyscall(BPF_CMD.MAP_CREATE, buf);
  if (fd < 0) throw new SyscallError("bpf", lastErrno(), "BPF_MAP_CREATE");
  return fd;
}
