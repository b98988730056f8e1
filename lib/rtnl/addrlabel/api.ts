/**
 * IPv6 address selection labels (the RFC 6724 policy table,
 * RTM_*ADDRLABEL, codecs/addrlabel): `ip addrlabel list|add|del|flush`.
 *
 *   const labels = new AddrlabelApi(conn);
 *   labels.add({ prefix: "2001:db8::/32", label: 100 });
 *   labels.list();   // [{ prefix: "::1/128", label: 0 }, ...]
 *   labels.delete({ prefix: "2001:db8::/32", label: 100 });
 */
import { addrlabelMessage, type AddrlabelMessage } from "../../../codecs/addrlabel/index.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../../../codecs/core/constants.ts";
import { parsePrefix } from "../../../codecs/ip/prefix.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { checkInt, checkKeys, checkLink } from "../shared/check.ts";

/** The message `sendUnchecked` takes (codecs/addrlabel), for callers that build ip's exact request. */
export type { AddrlabelMessage };

const AF_INET6 = 10;

/** One label of the table. */
export interface Addrlabel {
  /** "2001:db8::/32". */
  prefix: string;
  label: number;
  /** Interface index the label is limited to (absent: any). */
  index?: number;
}

/** What add/delete take. */
export interface AddrlabelSpec {
  /** An IPv6 prefix, "2001:db8::/32" (no length: /128). */
  prefix: string;
  /** 0..4294967294. */
  label: number;
  /** Limit to one link (name or index). */
  dev?: string | number;
}

/** The label table of the namespace a connection talks to. */
export class AddrlabelApi {
  constructor(readonly conn: NetlinkConnection) {}

  /** Every label, in the kernel's order. */
  list(): Addrlabel[] {
    const msgs = this.conn.dump(RTM.GETADDRLABEL, addrlabelMessage, { family: AF_INET6, prefixlen: 0, flags: 0, index: 0, seq: 0, attrs: {} });
    return msgs.map((m) => {
      const out: Addrlabel = { prefix: `${m.attrs.address ?? "::"}/${m.prefixlen}`, label: m.attrs.label ?? 0 };
      if (m.index) out.index = m.index;
      return out;
    });
  }

  /** Add a label; EEXIST when the prefix (and link) has one. */
  add(spec: AddrlabelSpec): void {
    this.sendUnchecked(this.message(spec), false);
  }

  /** Delete the label of this prefix, label and link; ESRCH/ENOENT when there is none. */
  delete(spec: AddrlabelSpec): void {
    this.sendUnchecked(this.message(spec), true);
  }

  /**
   * Send a message built by the caller, unchecked: the kernel decides (the
   * CLI, which leaves the checks to the kernel like ip). Add is
   * NLM_F_CREATE|NLM_F_EXCL, delete has no flags.
   */
  sendUnchecked(msg: AddrlabelMessage, del: boolean): void {
    this.conn.ack(del ? RTM.DELADDRLABEL : RTM.NEWADDRLABEL, del ? 0 : NLM_F_CREATE | NLM_F_EXCL, addrlabelMessage, msg);
  }

  private message(spec: AddrlabelSpec): AddrlabelMessage {
    const s = checkKeys(spec, ["prefix", "label", "dev"], "addrlabel") as unknown as AddrlabelSpec;
    if (typeof s.prefix !== "string") throw new TypeError(`prefix: expected an IPv6 prefix string like "2001:db8::/32", got ${JSON.stringify(s.prefix)}`);
    const p = parsePrefix(s.prefix, "prefix");
    if (p.family !== AF_INET6) throw new TypeError(`prefix: ${JSON.stringify(s.prefix)} is not IPv6 (address labels are IPv6 only)`);
    const label = checkInt(s.label, 0, 0xfffffffe, "label");
    const index = s.dev === undefined ? 0 : resolveIndex(this.conn, checkLink(s.dev, "dev"), "dev");
    return { family: AF_INET6, prefixlen: p.prefixLen, flags: 0, index, seq: 0, attrs: { label, address: p.address } };
  }
}
