/**
 * Cases found by running more of the kernel's net selftests with `ip`
 * replaced by bun-netlink (scripts/selftests/fib-selftests.sh DIR SCRIPT):
 * each command line is the selftest's own (addresses and names made
 * ours), run through `ip -n A` and `bun-netlink -n B` in twin throwaway
 * namespaces; status, stdout and stderr must agree, and so must the state
 * read back with ip.
 * - altnames.sh's cleanup `ip link del name DEV`: iplink_parse takes
 *   `name X` as the device when no dev came before (dev = name), so del
 *   and set act on X, and `set dev X name X` renames nothing.
 * - found on the way: `ip link set|delete group N ...` without a device
 *   changes or deletes every link of the group (index 0 with IFLA_GROUP);
 *   ours asked for a dev.
 * - icmp_redirect.sh's `ip route add vrf red unreachable default`: route
 *   add|del|replace take `vrf NAME` as the VRF's table (ipvrf_get_table;
 *   "default" without such a link is main) and refuse another name with
 *   "Invalid VRF"; ours read `vrf` as the prefix.
 * - unicast_extensions.sh's `echo 1 | ip netns exec NS tee
 *   /proc/sys/net/ipv4/ip_forward`: ip execs the program in its own process
 *   (same pid, stdin, stdout, signals); ours captured the output and gave
 *   the program no stdin, so forwarding stayed off. Run as programs (the
 *   bin, not main in-process), since that is where the fds matter.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { expectSameLines, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const BIN = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "cli", "bun-netlink");

/** Link names, flags, MTUs, groups and queue lengths as `ip -j link` lists them (MACs and counters aside). */
function links(ns: string): string {
  const all = JSON.parse(ipOk(["-n", ns, "-j", "link", "show"])) as Array<Record<string, unknown>>;
  return JSON.stringify(all.map((l) => [l.ifname, l.flags, l.mtu, l.group, l.txqlen, l.master]));
}

describeKernel("ip link set|delete group N without a device: every link of the group", () => {
  it("changes and deletes the group's links as ip's do, and refuses what ip refuses", async () => {
    const setup = "link add t1 group 5 type veth peer name t1p group 5\nlink add t2 type veth peer name t2p\nlink add br0 type bridge\n";
    await withTwins(setup, async (a, b) => {
      await expectSameLines(a, b, [
        ["link", "set", "group", "5", "up", "mtu", "1400", "txqlen", "50"],
        ["link", "set", "group", "5", "type", "veth"],
        ["link", "set", "group", "5", "type", "veth", "peer"],
        ["link", "set", "group", "5", "master", "br0"],
        ["link", "set", "group", "5", "nomaster", "down"],
        ["link", "set", "group", "5", "group", "6"],
        ["link", "set", "group", "9", "up"],
        ["link", "add", "group", "5", "type", "veth"],
        ["link", "add", "group", "5", "type", "veth", "peer", "name", "x"],
        ["link", "set", "dev", "t2", "group", "5"],
        ["link", "del", "group", "9"],
        ["link", "del", "group", "5"],
      ], links);
    });
  });
});

/** IPv4 and IPv6 routes of every table as `ip -j` lists them. */
function routes(ns: string): string {
  return ipOk(["-n", ns, "-j", "route", "show", "table", "all"]) + ipOk(["-n", ns, "-j", "-6", "route", "show", "table", "all"]);
}

describeKernel("ip route add|del vrf NAME (icmp_redirect.sh's VRF setup)", () => {
  it("takes the VRF's table or refuses the name as ip does", async () => {
    const setup = "link add t1 type veth peer name t1p\nlink set t1 up\naddr add 192.0.2.1/24 dev t1\n";
    await withTwins(setup, async (a, b) => {
      await expectSameLines(a, b, [
        ["route", "add", "vrf", "red", "unreachable", "default", "metric", "8192"],
        ["-6", "route", "add", "vrf", "red", "unreachable", "default", "metric", "8192"],
        ["route", "add", "vrf", "t1", "unreachable", "default"],
        ["route", "add", "vrf", "default", "unreachable", "198.51.100.0/24"],
        ["route", "add", "203.0.113.0/24", "via", "192.0.2.2", "vr", "default"],
        ["route", "replace", "vrf", "default", "blackhole", "198.51.100.0/24"],
        ["route", "del", "vrf", "default", "blackhole", "198.51.100.0/24"],
        ["route", "add", "vrf"],
      ], routes);
    });
  });
});

describeKernel("ip link: `name X` names the device (altnames.sh's cleanup)", () => {
  it("del/set with name act on the link as ip's do", async () => {
    await withTwins("link add t1 type veth peer name t1p\nlink add t3 type veth peer name t3p\n", async (a, b) => {
      await expectSameLines(a, b, [
        ["link", "set", "name", "t1", "up"],
        ["link", "set", "name", "t2", "dev", "t1"],
        ["link", "set", "dev", "t2", "name", "t2", "mtu", "1400"],
        ["link", "set", "name", "t1", "name", "t2"],
        ["link", "set", "name", "t9", "up"],
        ["link", "set", "dev", "t2", "dev", "t1p"],
        ["link", "del", "name", "t2"],
        ["link", "delete", "name", "t3p", "dev", "t3"],
        ["link", "del", "name", "t2"],
      ], links);
    });
  });
});

/** `sh -c SCRIPT` with `IP` set to the tool's command: status, stdout, stderr. */
function sh(tool: "ip" | "ours", script: string): { code: number | null; stdout: string; stderr: string } {
  const IP = tool === "ip" ? "ip" : `${process.execPath} ${BIN}`;
  const r = Bun.spawnSync({ cmd: ["sh", "-c", script], env: { ...process.env, IP }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describeKernel("ip netns exec runs the program in ip's place (unicast_extensions.sh's forwarding switch)", () => {
  it("stdin, stdout, pid, signals and exit statuses are the program's, as with ip", () => {
    const ns = tempNetns();
    try {
      const n = ns.name;
      const scripts = [
        // the selftest's line, then the value read back
        `echo 1 | $IP netns exec ${n} tee /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward >/dev/null; $IP netns exec ${n} cat /proc/sys/net/ipv4/ip_forward; echo 0 | $IP netns exec ${n} tee /proc/sys/net/ipv4/ip_forward`,
        // the program is the process started: same pid, and a signal to it ends the program
        `$IP netns exec ${n} sh -c 'echo $$ > /tmp/bnl-exec-pid-$PPID; sleep 0.3' & p=$!; wait $p; [ "$(cat /tmp/bnl-exec-pid-$$)" = "$p" ] && echo same-pid; rm -f /tmp/bnl-exec-pid-$$`,
        `$IP netns exec ${n} sleep 20 & p=$!; sleep 0.5; kill $p; wait $p; echo "status $?"`,
        `printf 'a\nb\n' | $IP netns exec ${n} wc -l`,
        `$IP netns exec ${n} sh -c 'echo out; echo err >&2; exit 7'; echo "status $?"`,
        `$IP netns exec ${n} /nonexistent/bnl-prog; echo "status $?"`,
        `$IP netns exec bnl-no-such-ns true; echo "status $?"`,
        `printf 'netns exec ${n} sh -c "read x; echo got:$x"\nnetns exec ${n} /nonexistent/bnl-prog\n' > /tmp/${n}.batch; echo line | $IP -batch /tmp/${n}.batch; echo "status $?"; rm -f /tmp/${n}.batch`,
        `printf 'netns exec ${n} sh -c "read x; echo got:$x"\n' | $IP -batch -; echo "status $?"`,
      ];
      for (const script of scripts) expect(sh("ours", script), script).toEqual(sh("ip", script));
      expect(sh("ip", scripts[0]!).stdout).toBe("1\n1\n0\n");
    } finally {
      ns.remove();
    }
  }, 60_000);
});
