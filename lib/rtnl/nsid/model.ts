/**
 * The nsid model (docs/MODEL.md): one entry of a namespace's id table as
 * NsidApi.list returns it and nsid events carry it, built from a decoded
 * RTM_NEWNSID / RTM_DELNSID message (codecs/nsid).
 */
import { NETNSA_NSID_NOT_ASSIGNED, type NsidMessage } from "../../../codecs/nsid/index.ts";

const NOT_ASSIGNED = NETNSA_NSID_NOT_ASSIGNED;

/** One id of the namespace's table. */
export interface NsidEntry {
  nsid: number;
  /** With `list({ targetNsid })`: the id the same peer has here, in the asking namespace (absent if none). */
  currentNsid?: number;
}

/** An NsidEntry from a decoded message; undefined when it carries no NETNSA_NSID. */
export function toNsid(m: NsidMessage): NsidEntry | undefined {
  if (m.attrs.nsid === undefined) return undefined;
  const e: NsidEntry = { nsid: m.attrs.nsid };
  if (m.attrs.currentNsid !== undefined && m.attrs.currentNsid !== NOT_ASSIGNED) e.currentNsid = m.attrs.currentNsid;
  return e;
}
