/**
 * One namespace id (the lib model, lib/rtnl/nsid/model.ts) as
 * `ip netns list-id` prints it, in text and in `-json` (ip/ipnetns.c
 * print_nsid of iproute2 6.1). Used by the CLI; exported for users who
 * want ip-shaped output.
 *
 *   const p = new Printer({ json: false, pretty: false, oneline: false });
 *   for (const e of nl.nsids.list()) printNsid(p, e, namesById.get(e.nsid));
 */
import type { NsidEntry } from "../rtnl/nsid/model.ts";
import type { Printer } from "./printer.ts";

/** Print one entry: "nsid N [current-nsid M ][(iproute2 netns name: NAME)]" (the caller opens the JSON object). */
export function printNsid(p: Printer, e: NsidEntry, name?: string): void {
  p.num("nsid", "nsid %s ", e.nsid >>> 0);
  if (e.currentNsid !== undefined) p.num("current-nsid", "current-nsid %s ", e.currentNsid);
  if (name !== undefined) p.str("name", "(iproute2 netns name: %s)", name);
  p.text("\n");
}
