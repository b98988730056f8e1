/**
 * `ip link show|add|delete|set`: show is ipaddr-list.ts with links only;
 * changes go through the library's LinkApi.
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError } from "./errors.ts";
import { listLinksAndAddrs } from "./ipaddr-list.ts";

export const USAGE = `Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
		    [ txqueuelen PACKETS ]
		    [ address LLADDR ]
		    [ broadcast LLADDR ]
		    [ mtu MTU ] [index IDX ]
		    [ numtxqueues QUEUE_COUNT ]
		    [ numrxqueues QUEUE_COUNT ]
		    type TYPE [ ARGS ]

	ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

	ip link set { DEVICE | dev DEVICE | group DEVGROUP }
			[ { up | down } ]
			[ type TYPE ARGS ]
		[ arp { on | off } ]
		[ multicast { on | off } ]
		[ allmulticast { on | off } ]
		[ promisc { on | off } ]
		[ txqueuelen PACKETS ]
		[ name NEWNAME ]
		[ address LLADDR ]
		[ broadcast LLADDR ]
		[ mtu MTU ]
		[ netns { PID | NETNSNAME } ]
		[ alias NAME ]
		[ group GROUP ]
		[ master DEVICE ][ nomaster ]
		[ addrgenmode { eui64 | none | stable_secret | random } ]

	ip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]

TYPE := { bridge | ifb | macvlan | macvtap | veth | vxlan }
`;

const usage = () => new CliError(USAGE, 255, true);

/** The `link` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return listLinksAndAddrs(ctx, [], true, usage);
  const rest = argv.slice(1);
  if (matches(cmd, "add")) return (await import("./link-modify.ts")).add(ctx, rest, "add");
  if (matches(cmd, "set") || matches(cmd, "change")) return (await import("./link-modify.ts")).set(ctx, rest);
  if (matches(cmd, "replace")) return (await import("./link-modify.ts")).add(ctx, rest, "replace");
  if (matches(cmd, "delete")) return (await import("./link-modify.ts")).del(ctx, rest);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return listLinksAndAddrs(ctx, rest, true, usage);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip link help".\n`, 255, true);
}
