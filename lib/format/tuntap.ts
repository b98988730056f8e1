/**
 * One tun/tap device (lib/tuntap TunTapDevice) as `ip tuntap show` prints it,
 * in text and `-json` (iproute2 6.1 ip/iptuntap.c print_tuntap, print_flags,
 * show_processes). Used by the CLI; exported for users who want ip-shaped output.
 */
import type { TunTapDevice } from "../tuntap/list.ts";
import type { TunTapProcess } from "../tuntap/processes.ts";
import { COLOR, type Printer } from "./printer.ts";

/**
 * Print one device (the caller opens and closes its JSON object, as printRows
 * does): `NAME: words [user N] [group N]`, and with `processes` (ip -d) the
 * "Attached to processes:" part, each process as `name(pid)` (ip writes
 * them unseparated, and in JSON as keys inside the "processes" array).
 */
export function printTunTap(p: Printer, d: TunTapDevice, processes?: readonly TunTapProcess[]): void {
  p.str("ifname", "%s:", d.name, COLOR.IFNAME);
  p.arr("flags");
  for (const w of d.words) p.str(null, " %s", w);
  p.endArr();
  if (d.user !== undefined) p.num("user", " user %s", d.user);
  if (d.group !== undefined) p.num("group", " group %s", d.group);
  if (processes !== undefined) {
    p.text(`${p.sl}\tAttached to processes:`);
    p.arr("processes");
    for (const proc of processes) {
      p.str("name", "%s", proc.name ?? "<NULL>");
      p.num("pid", "(%s)", proc.pid);
    }
    p.endArr();
  }
  p.text("\n");
}
