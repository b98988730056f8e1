/**
 * `ip nexthop add|replace` as ip 6.1 parses it (ip/ipnexthop.c
 * ipnh_modify): the words become an RTM_NEWNEXTHOP (or DEL) message in ip's way
 * (family from dev/blackhole/via, group members and weights, resilient
 * arguments) and go to the kernel through NexthopApi.sendUnchecked, so
 * combinations ip does not check (blackhole with dev, a group with dev,
 * a duplicate member, fdb with dev or encap, no id at all) are the
 * kernel's to refuse: exit 2 with its extended ACK, as with ip. `encap`
 * takes route-encap.ts' words (mpls, ip, ip6).
 */
import { NexthopApi, type NexthopAttrs, type NexthopMessage } from "../lib/rtnl/nexthop/api.ts";
import { Args, getUnsigned, matches } from "./args.ts";
import { encapAttrs } from "../lib/rtnl/route/encap.ts";
import { parseEncap } from "./route-encap.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, incomplete, invarg } from "./errors.ts";
import { PROTOS } from "../lib/format/names.ts";
import { needAddr } from "./prefix.ts";

const NLM_F_REPLACE = 0x100;
const NLM_F_EXCL = 0x200;
const NLM_F_CREATE = 0x400;

/** ip's ipnh_parse_id. */
export function nhId(v: string): number {
  const n = getUnsigned(v);
  if (n === undefined) throw invarg("invalid id value", v);
  return n;
}

function family(name: string): number {
  switch (name) {
    case "inet": return AF.INET;
    case "inet6": return AF.INET6;
    case "link": return AF.PACKET;
    case "mpls": return AF.MPLS;
    case "bridge": return AF.BRIDGE;
    default: return AF.UNSPEC;
  }
}

/** add_nh_group_attr: "ID[,WEIGHT]/..."; undefined where ip says the value is invalid. */
function group(v: string): NonNullable<NexthopAttrs["group"]> | undefined {
  if (v === "") return undefined;
  const out: NonNullable<NexthopAttrs["group"]> = [];
  for (const part of v.split("/")) {
    const comma = part.indexOf(",");
    const id = getUnsigned(comma < 0 ? part : part.slice(0, comma));
    if (id === undefined) return undefined;
    let w = 0;
    if (comma >= 0) {
      const ws = part.slice(comma + 1);
      const n = getUnsigned(ws);
      if (n === undefined || n === 0 || n > 256) throw invarg('"weight" is invalid\n', ws);
      w = n - 1;
    }
    out.push({ id, weight: w, weightHigh: 0, resvd2: 0 });
  }
  return out;
}

/** The RTM_NEWNEXTHOP message of `ip nexthop add|replace WORDS`. */
export function parseNexthopMessage(ctx: Ctx, argv: string[], usage: () => CliError): NexthopMessage {
  const attrs: NexthopAttrs = {};
  let fam = ctx.opts.family;
  let onlink = false;
  let protocol = 0;
  let i = 0;
  const next = (): string => {
    if (++i >= argv.length) throw incomplete();
    return argv[i]!;
  };
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === "id") attrs.id = nhId(next());
    else if (w === "dev") {
      const d = next();
      const index = ctx.names.indexOf(d);
      if (!index) throw invarg("Device does not exist\n", d);
      attrs.oif = index;
      if (fam === AF.UNSPEC) fam = AF.INET;
    } else if (w === "via") {
      let v = next();
      let f = family(v);
      if (f === AF.UNSPEC) f = fam;
      else v = next();
      const addr = needAddr(v, f);
      if (fam === AF.UNSPEC) fam = addr.family;
      else if (fam !== addr.family) throw invarg("address family mismatch\n", v);
      attrs.gateway = addr.text;
    } else if (w === "blackhole") {
      attrs.blackhole = true;
      if (fam === AF.UNSPEC) fam = AF.INET;
    } else if (w === "encap") {
      // lwt_parse_encap: NHA_ENCAP then NHA_ENCAP_TYPE where the word stands; the kernel judges the rest
      const a = new Args(argv.slice(i + 1));
      Object.assign(attrs, encapAttrs(parseEncap(a)));
      i = argv.length - a.left - 1;
    } else if (w === "fdb") attrs.fdb = true;
    else if (w === "onlink") onlink = true;
    else if (w === "group") {
      const v = next();
      const g = group(v);
      if (!g) throw invarg('"group" value is invalid\n', v);
      attrs.group = g;
    } else if (w === "type") {
      const v = next();
      if (v !== "mpath" && v !== "resilient") throw invarg('"type" value is invalid\n', v);
      if (v === "resilient" && i + 1 < argv.length) {
        const r: NonNullable<NexthopAttrs["resGroup"]> = {};
        while (i + 1 < argv.length) {
          const k = argv[i + 1]!;
          if (k === "buckets") {
            i++;
            const s = next();
            const n = getUnsigned(s, 0xffff);
            if (n === undefined) throw invarg("invalid buckets value", s);
            r.buckets = n;
          } else if (k === "idle_timer" || k === "unbalanced_timer") {
            i++;
            const s = next();
            const n = getUnsigned(s);
            const what = k === "idle_timer" ? "idle timer" : "unbalanced timer";
            if (n === undefined || n >= Math.floor(0xffffffff / 100)) throw invarg(`invalid ${what} value`, s);
            if (k === "idle_timer") r.idleTimer = n * 100;
            else r.unbalancedTimer = n * 100;
          } else break;
        }
        attrs.resGroup = r;
      }
      attrs.groupType = v;
    } else if (matches(w, "protocol")) {
      const v = next();
      const p = PROTOS.id(v);
      if (p === undefined || p > 255) throw invarg('"protocol" value is invalid\n', v);
      protocol = p;
    } else if (w === "help") throw usage();
    else throw invarg("", w);
  }
  return { family: fam, scope: 0, protocol, resvd: 0, flags: onlink ? ["onlink"] : [], attrs };
}

/** `ip nexthop add|replace|delete`: ip's message, the kernel's verdict. */
export function modify(ctx: Ctx, argv: string[], cmd: "add" | "replace" | "del", usage: () => CliError): number {
  const msg = parseNexthopMessage(ctx, argv, usage);
  const flags = cmd === "add" ? NLM_F_CREATE | NLM_F_EXCL : cmd === "replace" ? NLM_F_CREATE | NLM_F_REPLACE : 0;
  new NexthopApi(ctx.conn).sendUnchecked(flags, msg, cmd === "del");
  return 0;
}
