/**
 * NHA_GROUP: an array of struct nexthop_grp (linux/nexthop.h).
 *
 *   0                 4        5        6        8
 *   +-----------------+--------+--------+--------+
 *   | id (u32)        | weight |weight_h| resvd2 |
 *   +-----------------+--------+--------+--------+
 *
 * Members are kept as on the wire: `weight` is the low 8 bits of
 * (weight - 1), as iproute2 sends it; `weightHigh` is byte 5, named
 * resvd1 in this machine's uapi header and weight_high (the high 8 bits of
 * weight - 1) since Linux 6.12; `resvd2` is kept so nothing is lost.
 * A payload that is not a multiple of 8 bytes is a DecodeError.
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, type Field } from "../core/fields.ts";

/** One decoded struct nexthop_grp. */
export interface NexthopGrp {
  id: number;
  weight: number;
  weightHigh: number;
  resvd2: number;
}

const GRP_SIZE = 8;

/** The NHA_GROUP field. */
export function groupField(type: number): Field<NexthopGrp[]> {
  return custom<NexthopGrp[]>(type, (b, dv, off, len, path) => {
    if (len % GRP_SIZE !== 0) throw new DecodeError(`nexthop group of ${len} bytes is not a multiple of ${GRP_SIZE}`, path, off);
    const out: NexthopGrp[] = [];
    for (let p = off; p < off + len; p += GRP_SIZE) {
      out.push({ id: dv.getUint32(p, HOST_LE), weight: b[p + 4]!, weightHigh: b[p + 5]!, resvd2: dv.getUint16(p + 6, HOST_LE) });
    }
    return out;
  }, (w, v, path) => {
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of { id, weight }`);
    v.forEach((g: NexthopGrp, i) => {
      const p = `${path}[${i}]`;
      if (g === null || typeof g !== "object") throw new TypeError(`${p}: expected { id, weight, weightHigh, resvd2 }`);
      w.u32(intIn(g.id, 0, 0xffffffff, `${p}.id`));
      w.u8(intIn(g.weight ?? 0, 0, 0xff, `${p}.weight`));
      w.u8(intIn(g.weightHigh ?? 0, 0, 0xff, `${p}.weightHigh`));
      w.u16(intIn(g.resvd2 ?? 0, 0, 0xffff, `${p}.resvd2`));
    });
  });
}

function intIn(v: unknown, min: number, max: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${String(v)}`);
  if (v < min || v > max) throw new RangeError(`${path}: ${v} is out of range ${min}..${max}`);
  return v;
}
