/**
 * NLMSG_ERROR (an error or, with error 0, an ACK) and NLMSG_DONE payloads,
 * with the extended ACK TLVs (netlink.h, struct nlmsgerr and enum
 * nlmsgerr_attrs).
 *
 *   struct nlmsgerr:
 *   0               4                                  20
 *   +---------------+----------------------------------+---------------------+
 *   | error (s32,   | the request's nlmsghdr (16)      | request payload      |
 *   | -errno or 0)  |                                  | unless NLM_F_CAPPED  |
 *   +---------------+----------------------------------+---------------------+
 *   then, when NLM_F_ACK_TLVS is set, NLMSGERR_ATTR_* attributes.
 *
 * NLMSG_DONE carries an s32 (0 or -errno) and may carry the same TLVs.
 */
import { HOST_LE } from "./align.ts";
import { attrSet, nest } from "./attrset.ts";
import { NLA_F_NESTED, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_MULTI, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN } from "./constants.ts";
import { DecodeError } from "./errors.ts";
import { binary, s64, string, u32, u64 } from "./fields.ts";
import type { NlMsgHeader } from "./header.ts";
import { readHeader } from "./header.ts";
import { fromHex } from "./hex.ts";
import type { NlWriter } from "./writer.ts";

/**
 * Policy of the rejected attribute (NLMSGERR_ATTR_POLICY, enum
 * netlink_policy_type_attr in netlink.h; the kernel writes it with
 * nla_nest_start, so with NLA_F_NESTED). `type` is an enum
 * netlink_attribute_type number.
 */
const policySet = attrSet("policy-type-attrs", () => ({
  type: u32(1),
  minValueS: s64(2),
  maxValueS: s64(3),
  minValueU: u64(4),
  maxValueU: u64(5),
  minLength: u32(6),
  maxLength: u32(7),
  policyIdx: u32(8),
  policyMaxtype: u32(9),
  bitfield32Mask: u32(10),
  pad: binary(11),
  mask: u64(12),
}));

/** The extended ACK TLVs (enum nlmsgerr_attrs). */
export const extAckSet = attrSet("nlmsgerr-attrs", () => ({
  msg: string(1),
  offset: u32(2),
  cookie: binary(3),
  policy: nest(4, policySet, { wireFlags: NLA_F_NESTED }),
  missingType: u32(5),
  missingNest: u32(6),
}));

/** Extended ACK details: the kernel's message, the offset of the bad attribute in the request, ... */
export type ExtAck = ReturnType<typeof extAckSet.decode>;

/** A decoded NLMSG_ERROR: errno (positive, 0 for an ACK), the echoed request header and ext ACK. */
export interface NlError {
  /** Positive errno, 0 for a plain ACK. */
  errno: number;
  /** The nlmsghdr of the request this answers. */
  request: NlMsgHeader;
  /** Hex of the echoed request payload (absent when NLM_F_CAPPED). */
  requestPayload?: string;
  extack: ExtAck;
}

/**
 * Decode the payload of an NLMSG_ERROR message at buf[off, end), given the
 * outer header flags (NLM_F_CAPPED, NLM_F_ACK_TLVS decide the layout).
 */
export function decodeError(buf: Uint8Array, dv: DataView, off: number, end: number, flags: number): NlError {
  if (end - off < 4 + NLMSG_HDRLEN) throw new DecodeError(`nlmsgerr needs ${4 + NLMSG_HDRLEN} bytes, got ${end - off}`, "nlmsgerr", off);
  const err = dv.getInt32(off, HOST_LE);
  const request = readHeader(dv, off + 4);
  let tlvStart = off + 4 + NLMSG_HDRLEN;
  let requestPayload: string | undefined;
  if (!(flags & NLM_F_CAPPED)) {
    const reqLen = request.len;
    if (reqLen < NLMSG_HDRLEN) throw new DecodeError(`echoed nlmsg_len ${reqLen} is below 16`, "nlmsgerr.request", off + 4);
    const reqEnd = off + 4 + reqLen;
    if (reqEnd > end) throw new DecodeError(`echoed request of ${reqLen} bytes runs past the end`, "nlmsgerr.request", off + 4);
    let hex = "";
    for (let i = off + 4 + NLMSG_HDRLEN; i < reqEnd; i++) hex += buf[i]!.toString(16).padStart(2, "0");
    requestPayload = hex;
    tlvStart = off + 4 + ((reqLen + 3) & ~3);
  }
  const extack = flags & NLM_F_ACK_TLVS && tlvStart < end ? extAckSet.decode(buf, dv, tlvStart, end) : {};
  const out: NlError = { errno: err === 0 ? 0 : -err, request, extack };
  if (requestPayload !== undefined) out.requestPayload = requestPayload;
  return out;
}

/** Decode an NLMSG_DONE payload: the s32 status (0 or -errno) and optional ext ACK TLVs. */
export function decodeDone(buf: Uint8Array, dv: DataView, off: number, end: number, flags: number): { errno: number; extack: ExtAck } {
  if (end - off < 4) return { errno: 0, extack: {} }; // very old kernels sent an empty DONE
  const err = dv.getInt32(off, HOST_LE);
  const extack = flags & NLM_F_ACK_TLVS && off + 4 < end ? extAckSet.decode(buf, dv, off + 4, end) : {};
  return { errno: err === 0 ? 0 : -err, extack };
}

/**
 * Write a complete NLMSG_ERROR message (an ACK when `e.errno` is 0) the way
 * netlink_ack() builds it: the echoed request header, its payload unless
 * `e.requestPayload` is undefined (then NLM_F_CAPPED), and the extended ACK
 * TLVs when `e.extack` has any (then NLM_F_ACK_TLVS). For fake kernels in
 * tests and for tools; decodeError reads it back.
 */
export function writeErrorMessage(w: NlWriter, seq: number, pid: number, e: NlError): void {
  const hasTlvs = e.extack !== undefined && Object.keys(e.extack).length > 0;
  const payload = e.requestPayload === undefined ? undefined : fromHex(e.requestPayload, "requestPayload");
  const flags = (payload === undefined ? NLM_F_CAPPED : 0) | (hasTlvs ? NLM_F_ACK_TLVS : 0);
  checkErrno(e.errno);
  const start = w.beginMessage(NLMSG_ERROR, flags, seq, pid);
  w.s32(-e.errno);
  const r = e.request;
  w.u32(r.len);
  w.u16(r.type);
  w.u16(r.flags);
  w.u32(r.seq);
  w.u32(r.pid);
  if (payload !== undefined) {
    if (r.len !== NLMSG_HDRLEN + payload.length) throw new RangeError(`request.len: ${r.len} does not match the ${payload.length}-byte echoed payload`);
    w.bytes(payload);
    w.pad4();
  }
  if (hasTlvs) extAckSet.encode(w, e.extack);
  w.endMessage(start);
}

/** Write a complete NLMSG_DONE message: status (0 or errno) and the extended ACK TLVs if any (NLM_F_ACK_TLVS). */
export function writeDoneMessage(w: NlWriter, seq: number, pid: number, d: { errno: number; extack?: ExtAck }, flags = NLM_F_MULTI): void {
  const hasTlvs = d.extack !== undefined && Object.keys(d.extack).length > 0;
  checkErrno(d.errno);
  const start = w.beginMessage(NLMSG_DONE, flags | (hasTlvs ? NLM_F_ACK_TLVS : 0), seq, pid);
  w.s32(-d.errno);
  if (hasTlvs) extAckSet.encode(w, d.extack!);
  w.endMessage(start);
}

/** errno is written as the s32 -errno (decode gives back whatever s32 was there, negated). */
function checkErrno(errno: number): void {
  if (!Number.isInteger(errno) || errno < -0x7fffffff || errno > 0x80000000) throw new RangeError(`errno: ${errno} does not fit the s32 -errno`);
}
