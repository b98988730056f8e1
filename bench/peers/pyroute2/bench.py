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

# Only documentation ranges are used, as by every contender (bench/lib/addresses.ts).
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

def dotted(v):
    return socket.inet_ntoa(struct.pack("!I", v))


def pool_dst(i):
    """Destination pool[i % 512]: 198.51.100.0/24 then 203.0.113.0/24."""
    j = i % 512
    return dotted((0xC6336400 if j < 256 else 0xCB007100) + (j & 255))


def route_of(i):
    """Route i: pool[i % 512], table main for i < 512, then 999 + i // 512 (1000, 1001, ...)."""
    return pool_dst(i), (254 if i < 512 else 999 + i // 512)


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


def warm_up(ipr, mode, arg):
    """The untimed warm-up every self-timing contender does (see floor.c):
    a small run of the same operation, undone before the clock starts."""
    if mode in ("route-add", "route-del"):
        oif = ipr.link_lookup(ifname="v0")[0]
        for i in range(1000):
            ipr.route("add", dst=pool_dst(i), dst_len=32, gateway="192.0.2.2", oif=oif, table=240 + i // 512)
        for i in range(1000):
            ipr.route("del", dst=pool_dst(i), dst_len=32, table=240 + i // 512)
    elif mode == "route-dump":
        ipr.route("dump", family=socket.AF_INET)
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
    mode, n = sys.argv[1], int(sys.argv[2])
    arg = sys.argv[3] if len(sys.argv) > 3 else ""
    ipr = None if mode == "netns-cycle" else IPRoute()
    routes = [route_of(i) for i in range(n)] if mode in ("route-add", "route-del") else []
    addrs = [addr6(i) for i in range(n)] if mode == "addr-add" else []
    warm_up(ipr, mode, arg)
    count = errors = 0
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    if mode == "route-add":
        oif = ipr.link_lookup(ifname=arg)[0]
        for dst, table in routes:
            try:
                ipr.route("add", dst=dst, dst_len=32, gateway="192.0.2.2", oif=oif, table=table)
                count += 1
            except Exception:
                errors += 1
    elif mode == "route-del":
        for dst, table in routes:
            try:
                ipr.route("del", dst=dst, dst_len=32, table=table)
                count += 1
            except Exception:
                errors += 1
    elif mode == "route-dump":
        count = len(ipr.route("dump", family=socket.AF_INET))
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
