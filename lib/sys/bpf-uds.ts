/**
 * tc's hand-off of eBPF map fds over a unix datagram socket (iproute2 6.1
 * include/bpf_scm.h, lib/bpf_legacy.c bpf_map_set_send/recv): each message
 * carries SCM_RIGHTS fds (at most 64) and, as data, struct bpf_map_aux whose
 * `ent` holds one struct bpf_elf_map per fd. `tc exec bpf import UDS` is the
 * receiving side; `bpfSendMapFds` the sending one (tc's `export UDS`).
 *
 * struct bpf_map_aux (x86-64 and every LP64 target: 2392 bytes):
 *   0 uds_ver u16 (1) | 2 num_ent u16 | 4 obj_name[64] | 72 obj_st { st_dev u64, st_ino u64 }
 *   88 ent[64] of struct bpf_elf_map (36 bytes: type, size_key, size_value, max_elem, flags, id,
 *      pinning, inner_id, inner_idx, u32 each)
 * struct msghdr (56): 0 name ptr | 8 namelen u32 | 16 iov ptr | 24 iovlen u64 | 32 control ptr
 *   | 40 controllen u64 | 48 flags i32.   struct cmsghdr (16): 0 len u64 | 8 level i32 | 12 type i32.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";
import { cString, lastErrno, libc, libcCandidates, openLibc } from "./libc.ts";
import { SyscallError } from "./syscall-error.ts";
import { errnoMessage } from "./errno.ts";

const AF_UNIX = 1, SOCK_DGRAM = 2, SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CTRUNC = 8;
const MAX_FDS = 64;
const ENT = 36;
const AUX_HEAD = 88;
const AUX_SIZE = AUX_HEAD + MAX_FDS * ENT;
const cmsgLen = (n: number) => 16 + 4 * n;

let extra: { sendmsg: (fd: number, msg: number, flags: number) => number; setenv: (n: number, v: number, o: number) => number } | undefined;
function more() {
  if (extra === undefined) {
    const lib = openLibc(libcCandidates(), (name) => dlopen(name, {
      sendmsg: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i64_fast },
      setenv: { args: [FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    }));
    extra = { sendmsg: (f, m, fl) => Number(lib.symbols.sendmsg(f, m, fl)), setenv: (n, v, o) => lib.symbols.setenv(n, v, o) };
  }
  return extra;
}

/** What an agent received: the map fds and, for each, its struct bpf_elf_map fields. */
export interface ReceivedMaps {
  fds: number[];
  maps: Array<{ type: number; sizeKey: number; sizeValue: number; maxElem: number; flags: number; id: number; pinning: number; innerId: number; innerIdx: number }>;
  objName: string;
}

/** A failure of the exchange; `message` is tc's text ("Cannot bind to socket: ..."). */
export class BpfUdsError extends Error {
  override name = "BpfUdsError";
}

function sockaddrUn(path: string): Uint8Array {
  const sa = new Uint8Array(110);
  sa[0] = AF_UNIX;
  sa.set(new TextEncoder().encode(path).subarray(0, 107), 2);
  return sa;
}

function msghdr(name: Uint8Array | undefined, iov: Uint8Array, iovLen: number, control: Uint8Array, controlLen: number): { hdr: Uint8Array; keep: unknown[] } {
  const iovec = new Uint8Array(16), iv = new DataView(iovec.buffer);
  iv.setBigUint64(0, BigInt(ptr(iov)), true);
  iv.setBigUint64(8, BigInt(iovLen), true);
  const hdr = new Uint8Array(56), hv = new DataView(hdr.buffer);
  if (name !== undefined) { hv.setBigUint64(0, BigInt(ptr(name)), true); hv.setUint32(8, name.length, true); }
  hv.setBigUint64(16, BigInt(ptr(iovec)), true);
  hv.setBigUint64(24, 1n, true);
  hv.setBigUint64(32, BigInt(ptr(control)), true);
  hv.setBigUint64(40, BigInt(controlLen), true);
  return { hdr, keep: [iovec] };
}

/**
 * bpf_recv_map_fds: bind a datagram socket at `path`, receive messages until
 * num_ent fds arrived, unlink the path. Throws BpfUdsError with tc's text.
 */
export function bpfRecvMapFds(path: string): ReceivedMaps {
  const fd = libc.socket(AF_UNIX, SOCK_DGRAM, 0);
  if (fd < 0) throw new BpfUdsError(`Cannot open socket: ${errnoMessage(lastErrno())}`);
  const sa = sockaddrUn(path);
  try {
    if (libc.bind(fd, ptr(sa), sa.length) < 0) throw new SyscallError("bind", lastErrno());
    const aux = new Uint8Array(AUX_SIZE), av = new DataView(aux.buffer);
    const control = new Uint8Array(1024), cv = new DataView(control.buffer);
    const out: ReceivedMaps = { fds: [], maps: [], objName: "" };
    let needed = 1;
    try {
      for (let i = 0; i < Math.min(MAX_FDS, needed);) {
        const want = MAX_FDS - i;
        const { hdr, keep } = msghdr(undefined, aux, AUX_HEAD + ENT * want, control, cmsgLen(want));
        const n = libc.recvmsg(fd, ptr(hdr), 0);
        void keep;
        if (n <= 0) throw new SyscallError("recvmsg", n < 0 ? lastErrno() : 0);
        const hv = new DataView(hdr.buffer);
        if (hv.getBigUint64(40, true) < 16n || cv.getInt32(12, true) !== SCM_RIGHTS) throw new SyscallError("recvmsg", 22);
        if (hv.getInt32(48, true) & MSG_CTRUNC) throw new SyscallError("recvmsg", 5);
        if (av.getUint16(0, true) !== 1) throw new SyscallError("recvmsg", 38);
        const got = (Number(cv.getBigUint64(0, true)) - 16) / 4;
        if (got > MAX_FDS || got <= 0) throw new SyscallError("recvmsg", 22);
        for (let k = 0; k < got; k++) {
          out.fds.push(cv.getInt32(16 + 4 * k, true));
          const e = (f: number) => av.getUint32(AUX_HEAD + ENT * k + 4 * f, true);
          out.maps.push({ type: e(0), sizeKey: e(1), sizeValue: e(2), maxElem: e(3), flags: e(4), id: e(5), pinning: e(6), innerId: e(7), innerIdx: e(8) });
        }
        const nameBytes = aux.subarray(4, 68);
        const end = nameBytes.indexOf(0);
        out.objName = new TextDecoder().decode(end < 0 ? nameBytes : nameBytes.subarray(0, end));
        needed = av.getUint16(2, true);
        i += got;
      }
    } catch (e) {
      if (e instanceof SyscallError) throw new BpfUdsError(`Cannot recv fds from ${path}: ${e.errno === 0 ? "Success" : errnoMessage(e.errno)}`);
      throw e;
    } finally {
      libc.unlink(cString(path, "path"));
    }
    return out;
  } catch (e) {
    if (e instanceof SyscallError && e.syscall === "bind") throw new BpfUdsError(`Cannot bind to socket: ${errnoMessage(e.errno)}`);
    throw e;
  } finally {
    libc.close(fd);
  }
}

/**
 * bpf_send_map_fds: send `fds` with their map definitions (36 bytes each)
 * to the agent bound at `path`, at most 64 per message, as tc's `export`.
 */
export function bpfSendMapFds(path: string, fds: number[], ents: Uint8Array[], objName: string): void {
  if (fds.length !== ents.length || fds.length === 0 || fds.length > 0xffff) throw new RangeError("fds: one map definition per fd, 1..65535");
  const fd = libc.socket(AF_UNIX, SOCK_DGRAM, 0);
  if (fd < 0) throw new SyscallError("socket", lastErrno());
  try {
    const sa = sockaddrUn(path);
    for (let i = 0; i < fds.length; i += MAX_FDS) {
      const n = Math.min(MAX_FDS, fds.length - i);
      const aux = new Uint8Array(AUX_SIZE), av = new DataView(aux.buffer);
      av.setUint16(0, 1, true);
      av.setUint16(2, fds.length, true);
      aux.set(new TextEncoder().encode(objName).subarray(0, 63), 4);
      for (let k = 0; k < n; k++) aux.set(ents[i + k]!.subarray(0, ENT), AUX_HEAD + ENT * k);
      const control = new Uint8Array(cmsgLen(n) + 8), cv = new DataView(control.buffer);
      cv.setBigUint64(0, BigInt(cmsgLen(n)), true);
      cv.setInt32(8, SOL_SOCKET, true);
      cv.setInt32(12, SCM_RIGHTS, true);
      for (let k = 0; k < n; k++) cv.setInt32(16 + 4 * k, fds[i + k]!, true);
      const { hdr, keep } = msghdr(sa, aux, AUX_HEAD + ENT * n, control, cmsgLen(n));
      const r = more().sendmsg(fd, ptr(hdr), 0);
      void keep;
      if (r < 0) throw new SyscallError("sendmsg", lastErrno(), path);
    }
  } finally {
    libc.close(fd);
  }
}

/** setenv(3) with overwrite: what an exec'd program (lib/sys/exec.ts execvp) inherits. */
export function setenvForExec(name: string, value: string): void {
  if (more().setenv(ptr(cString(name, "name")), ptr(cString(value, "value")), 1) !== 0) throw new SyscallError("setenv", lastErrno(), name);
}
