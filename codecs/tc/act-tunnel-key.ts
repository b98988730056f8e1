/**
 * TCA_ACT_OPTIONS of act_tunnel_key (linux/tc_act/tc_tunnel_key.h): struct
 * tc_tunnel_key (tc_gen, t_action) and the tunnel metadata to set. Byte
 * orders as the kernel reads them: ENC_KEY_ID and ENC_DST_PORT network
 * order (KEY_ID is a be32 on the wire, whatever the header's comment says:
 * nla_get_be32), the vxlan GBP host order, the erspan index network order.
 * ENC_OPTS holds geneve options or one vxlan or erspan nest (NLA_F_NESTED
 * on both levels, as tc sends them; geneve without). The kernel takes
 * any number of GENEVE nests (tc sends one per option) and dumps all
 * options in one GENEVE nest, CLASS/TYPE/DATA after CLASS/TYPE/DATA: so a
 * GENEVE nest decodes to the list of options it holds (a new option at
 * each CLASS), and `geneve` is a list of such nests.
 */
import { attrSet, nest, NESTED } from "../core/attrset.ts";
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, custom, ipAddr, multi, u16be, u32, u32be, u8, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { struct, structField } from "../core/struct.ts";
import { TC_GEN } from "./act-gen.ts";
import { tcfT } from "./structs.ts";

/** TCA_TUNNEL_KEY_*. */
export const TCA_TUNNEL_KEY = {
  TM: 1, PARMS: 2, ENC_IPV4_SRC: 3, ENC_IPV4_DST: 4, ENC_IPV6_SRC: 5, ENC_IPV6_DST: 6, ENC_KEY_ID: 7, PAD: 8,
  ENC_DST_PORT: 9, NO_CSUM: 10, ENC_OPTS: 11, ENC_TOS: 12, ENC_TTL: 13,
} as const;

/** struct tc_tunnel_key (t_action: 1 set, 2 release). */
export const tcTunnelKey = struct("tc_tunnel_key", [...TC_GEN, ["tAction", "s32"]] as const, { flexible: true });

/** One geneve option (TCA_TUNNEL_KEY_ENC_OPT_GENEVE_*: CLASS be16, TYPE u8, DATA hex); each as present. */
export interface TunnelKeyGeneveOpt { class?: number; type?: number; data?: string }

/** A GENEVE nest's payload: its options, in order (a new one at each CLASS). */
const geneveNest = custom<TunnelKeyGeneveOpt[]>(1, (b, dv, off, len, path) => {
  const out: TunnelKeyGeneveOpt[] = [];
  let cur: TunnelKeyGeneveOpt | undefined;
  for (let p = off, end = off + len; p + 4 <= end;) {
    const l = dv.getUint16(p, HOST_LE), t = dv.getUint16(p + 2, HOST_LE) & 0x3fff;
    if (l < 4 || p + l > end) throw new DecodeError(`bad nla_len ${l}`, path, p);
    if (t === 1 || cur === undefined) out.push(cur = {});
    if (t === 1 && l >= 6) cur.class = dv.getUint16(p + 4, false);
    else if (t === 2 && l >= 5) cur.type = b[p + 4]!;
    else if (t === 3) cur.data = toHex(b, p + 4, l - 4);
    else throw new DecodeError(`unexpected geneve option attribute ${t} (${l} bytes)`, path, p);
    p += (l + 3) & ~3;
  }
  return out;
}, (w, v, path) => {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of geneve options`);
  v.forEach((o, i) => {
    if (o.class !== undefined) { const s = w.beginAttr(1); w.u16be(o.class); w.endAttr(s); }
    if (o.type !== undefined) { const s = w.beginAttr(2); w.u8(o.type); w.endAttr(s); }
    if (o.data !== undefined) { const s = w.beginAttr(3); w.bytes(fromHex(o.data, `${path}[${i}].data`)); w.endAttr(s); }
  });
});
/** TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP. */
const vxlanAttrs = attrSet("tunnel_key.encOpts.vxlan", () => ({ gbp: u32(1) }));
/** TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_*. */
const erspanAttrs = attrSet("tunnel_key.encOpts.erspan", () => ({ ver: u8(1), index: u32be(2), dir: u8(3), hwid: u8(4) }));
/** TCA_TUNNEL_KEY_ENC_OPTS_*. */
const encOptsAttrs = attrSet("tunnel_key.encOpts", () => ({
  geneve: multi(geneveNest), vxlan: nest(2, vxlanAttrs, { wireFlags: NESTED }), erspan: nest(3, erspanAttrs, { wireFlags: NESTED }),
}));
type EncOpts = typeof encOptsAttrs._type;
const encOpts: Field<EncOpts> = {
  ...nest(TCA_TUNNEL_KEY.ENC_OPTS, encOptsAttrs),
  wireFlagsOf: (v: EncOpts) => (v !== null && typeof v === "object" && v.geneve !== undefined ? 0 : NESTED),
};

/** tunnel_key options. */
export const tunnelKeyAttrs = attrSet("tunnel_key", () => ({
  tm: structField(TCA_TUNNEL_KEY.TM, tcfT),
  parms: structField(TCA_TUNNEL_KEY.PARMS, tcTunnelKey),
  encIpv4Src: ipAddr(TCA_TUNNEL_KEY.ENC_IPV4_SRC),
  encIpv4Dst: ipAddr(TCA_TUNNEL_KEY.ENC_IPV4_DST),
  encIpv6Src: ipAddr(TCA_TUNNEL_KEY.ENC_IPV6_SRC),
  encIpv6Dst: ipAddr(TCA_TUNNEL_KEY.ENC_IPV6_DST),
  encKeyId: u32be(TCA_TUNNEL_KEY.ENC_KEY_ID),
  pad: binary(TCA_TUNNEL_KEY.PAD),
  encDstPort: u16be(TCA_TUNNEL_KEY.ENC_DST_PORT),
  noCsum: u8(TCA_TUNNEL_KEY.NO_CSUM),
  encOpts,
  encTos: u8(TCA_TUNNEL_KEY.ENC_TOS),
  encTtl: u8(TCA_TUNNEL_KEY.ENC_TTL),
}));
