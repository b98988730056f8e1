/**
 * `ip maddress show|list|lst [dev] NAME` (ip/ipmaddr.c of iproute2 6.1):
 * the multicast addresses of the links (lib/netns/multicast.ts reads
 * /proc/net/dev_mcast, igmp and igmp6 inside the -n namespace), printed as
 * print_mlist/print_maddr do: a "IDX:\tNAME" line per link (per entry with
 * -oneline), then "\tlink  MAC" / "\tinet  ADDR" / "\tinet6 ADDR" with
 * " users N" when not 1 and " static"; -json groups them under "maddr".
 * `-4`, `-6` and `-0` pick igmp, igmp6 or dev_mcast. `add`/`del` (ip's
 * SIOCADDMULTI/SIOCDELMULTI ioctls) are not implemented.
 */
import { listMulticast, type MulticastAddress } from "../lib/netns/multicast.ts";
import { COLOR, familyColor } from "../lib/format/printer.ts";
import { matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, duparg2, incomplete } from "./errors.ts";

const USAGE = "Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n       ip maddr show [ dev STRING ]\n";
const usage = () => new CliError(USAGE, 255, true);

/** multiaddr_list: every word is the device (`dev` before it optional), `help` the usage. */
function list(ctx: Ctx, argv: string[]): number {
  let dev: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    let w = argv[i]!;
    if (w === "dev") {
      if (++i >= argv.length) throw incomplete();
      w = argv[i]!;
    } else if (matches(w, "help")) throw usage();
    if (dev !== undefined) throw duparg2("dev", w);
    dev = w;
  }
  const f = ctx.opts.family;
  const families: Array<MulticastAddress["family"]> = f === AF.PACKET ? ["link"] : f === AF.INET ? ["inet"] : f === AF.INET6 ? ["inet6"] : f === AF.UNSPEC ? ["link", "inet", "inet6"] : [];
  const all = listMulticast(ctx.netns, families).filter((m) => dev === undefined || m.ifname === dev);
  const p = ctx.printer();
  p.arr(null);
  let cur = 0;
  for (const m of all) {
    if (m.ifindex !== cur || ctx.opts.oneline) {
      if (cur) {
        p.endArr();
        p.endObj();
      }
      p.obj();
      p.num("ifindex", "%s:", m.ifindex);
      p.str("ifname", "\t%s", m.ifname, COLOR.IFNAME);
      p.nl();
      cur = m.ifindex;
      p.arr("maddr");
    }
    p.text("\t");
    p.obj();
    if (m.family === "link") {
      p.text("link  ");
      p.str("link", "%s", m.address, COLOR.MAC);
    } else {
      p.str("family", m.family === "inet" ? "inet  " : "inet6 ", m.family);
      p.str("address", "%s", m.address, familyColor(m.family));
    }
    if (m.users !== 1) p.num("users", " users %s", m.users);
    if (m.static) p.str("features", " %s", "static");
    p.text("\n");
    p.endObj();
  }
  if (cur) {
    p.endArr();
    p.endObj();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
  return 0;
}

/** The `maddress` object (do_multiaddr). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return list(ctx, []);
  if (matches(cmd, "add") || matches(cmd, "delete")) {
    throw new CliError(`bun-netlink: "ip maddress ${matches(cmd, "add") ? "add" : "delete"}" is not supported\n`, 1, false);
  }
  if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) return list(ctx, argv.slice(1));
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip maddr help".\n`, 255, true);
}
