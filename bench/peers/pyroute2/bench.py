"""The pyroute2 peer of the benchmarks: the same workloads as the C floor
(bench/floor/floor.c) through pyroute2's IPRoute, from Debian's
python3-pyroute2, run by /usr/bin/python3 inside the benchmark namespace
(`ip netns exec`), except netns-cycle, which creates its own.

    python3 bench.py MODE N [ARG]

Output: one JSON line like the C floor's; seconds/user/sys cover the
measured operation only (the IPRoute socket is already open).
"""
import json
import resource
import socket
import struct
import sys
import time

from pyroute2 import IPRoute, netns

# Routes come from the workload's batch file (bench/lib/route-sets.ts); addresses use
# documentation ranges, as by every contender (bench/lib/addresses.ts).
IFA_F_NODAD = 0x02  # linux/if_addr.h



def netns_cycle(name):
    """Create namespace `name`, bring its lo up, remove it (also on failure)."""
    netns.create(name)
    try:
        netns.pushns(name)
        try:
            with IPRoute() as inner:
                inner.link("set", index=inner.link_lookup(ifname="lo")[0], state="up")
        finally:
            netns.popns()
    finally:
        netns.remove(name)

def read_routes(ipr, path):
    """The routes of a batch file (bench/lib/route-sets.ts) as IPRoute.route keyword sets."""
    index = {}

    def dev(name):
        if name not in index:
            index[name] = ipr.link_lookup(ifname=name)[0]
        return index[name]

    out = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) < 3:
                continue
            dst, _, length = w[2].partition("/")
            family = socket.AF_INET6 if ":" in dst else socket.AF_INET
            r = {"dst": dst, "dst_len": int(length) if length else (128 if family == socket.AF_INET6 else 32), "family": family, "table": 254}
            hop = r
            i = 3
            while i + 1 < len(w):
                k = w[i]
                if k == "nexthop":
                    hop = {}
                    r.setdefault("multipath", []).append(hop)
                    i += 1
                    k = w[i]
                v = w[i + 1]
                if k == "via":
                    hop["gateway"] = v
                elif k == "dev":
                    hop["oif"] = dev(v)
                elif k == "table":
                    r["table"] = int(v)
                i += 2
            out.append(r)
    return out


def del_of(r):
    """The delete of route r: its destination and table."""
    return {k: r[k] for k in ("dst", "dst_len", "family", "table")}


def warm_routes(routes):
    """The file's first 1000 routes in tables 240 + k // 512 (as in floor.c)."""
    return [dict(r, table=240 + k // 512) for k, r in enumerate(routes[:1000])]


def family(arg):
    return socket.AF_INET6 if arg == "6" else socket.AF_INET


def addr6(i, warm=False):
    """Address i: 2001:db8:100:X::1 (warm-up 2001:db8:101:X::1), X = i + 1; added as /128 nodad."""
    return "2001:db8:%s:%x::1" % ("101" if warm else "100", i + 1)


def vm_hwm():
    """Peak RSS of this process image (VmHWM, bytes); ru_maxrss would include the spawner's (vfork + execve)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def warm_up(ipr, mode, arg, routes):
    """The untimed warm-up every self-timing contender does (see floor.c):
    a small run of the same operation, undone before the clock starts."""
    if mode in ("route-add", "route-del"):
        for r in warm_routes(routes):
            ipr.route("add", **r)
        for r in warm_routes(routes):
            ipr.route("del", **del_of(r))
    elif mode == "route-dump":
        ipr.route("dump", family=family(sys.argv[2]))
    elif mode == "link-dump":
        ipr.get_links()
    elif mode == "addr-dump":
        ipr.get_addr(family=socket.AF_INET6)
    elif mode == "addr-add":
        index = ipr.link_lookup(ifname=arg)[0]
        for i in range(100):
            ipr.addr("add", index=index, address=addr6(i, True), prefixlen=128, flags=IFA_F_NODAD)
        for i in reversed(range(100)):
            ipr.addr("del", index=index, address=addr6(i, True), prefixlen=128)
    elif mode in ("veth-add", "veth-del"):
        for i in range(10):
            ipr.link("add", ifname="w%d" % i, kind="veth", peer="x%d" % i)
        for i in range(10):
            ipr.link("del", index=ipr.link_lookup(ifname="w%d" % i)[0])
    elif mode == "link-get":
        for i in range(1000):
            ipr.link("get", ifname=arg)
    elif mode == "netns-cycle":
        for i in range(3):
            netns_cycle("%sw%d" % (arg, i))


def main():
    mode = sys.argv[1]
    n = 0 if mode.startswith("route-") else int(sys.argv[2])
    arg = sys.argv[3] if len(sys.argv) > 3 else ""
    ipr = None if mode == "netns-cycle" else IPRoute()
    routes = read_routes(ipr, sys.argv[2]) if mode in ("route-add", "route-del") else []
    addrs = [addr6(i) for i in range(n)] if mode == "addr-add" else []
    warm_up(ipr, mode, arg, routes)
    count = errors = 0
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    if mode == "route-add":
        for r in routes:
            try:
                ipr.route("add", **r)
                count += 1
            except Exception:
                errors += 1
    elif mode == "route-del":
        for r in routes:
            try:
                ipr.route("del", **del_of(r))
                count += 1
            except Exception:
                errors += 1
    elif mode == "route-dump":
        count = len(ipr.route("dump", family=family(sys.argv[2])))
    elif mode == "link-dump":
        count = len(ipr.get_links())
    elif mode == "addr-dump":
        count = len(ipr.get_addr(family=socket.AF_INET6))
    elif mode == "addr-add":
        index = ipr.link_lookup(ifname=arg)[0]
        for address in addrs:
            try:
                ipr.addr("add", index=index, address=address, prefixlen=128, flags=IFA_F_NODAD)
                count += 1
            except Exception:
                errors += 1
    elif mode == "veth-add":
        for i in range(n):
            try:
                ipr.link("add", ifname="a%d" % i, kind="veth", peer="b%d" % i)
                count += 1
            except Exception:
                errors += 1
    elif mode == "veth-del":
        for i in range(n):
            try:
                ipr.link("del", index=ipr.link_lookup(ifname="a%d" % i)[0])
                count += 1
            except Exception:
                errors += 1
    elif mode == "link-get":
        for i in range(n):
            got = ipr.link("get", ifname=arg)
            if got and got[0].get_attr("IFLA_IFNAME") == arg:
                count += 1
            else:
                errors += 1
    elif mode == "netns-cycle":
        for i in range(n):
            try:
                netns_cycle("%s%d" % (arg, i))
                count += 1
            except Exception:
                errors += 1
    else:
        print("pyroute2: unknown mode " + mode, file=sys.stderr)
        sys.exit(2)
    seconds = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "seconds": seconds,
        "user": r1.ru_utime - r0.ru_utime,
        "sys": r1.ru_stime - r0.ru_stime,
        "maxrss": vm_hwm(),
        "count": count,
        "errors": errors,
    }))


main()
