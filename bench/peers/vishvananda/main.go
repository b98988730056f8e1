// The vishvananda/netlink peer of the benchmarks: the same workloads as the
// C floor (bench/floor/floor.c) through github.com/vishvananda/netlink, the
// library Docker, Kubernetes CNI plugins and many Go tools use. Built at
// bench time from Debian's golang-github-vishvananda-netlink-dev (GOPATH
// mode, no network). Runs inside the benchmark namespace (`ip netns exec`),
// except netns-cycle, which creates its own.
//
// Output: one JSON line like the C floor's; seconds/user/sys cover the
// measured operation only (the netlink handle is already open).
package main

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Routes come from the workload's batch file (bench/lib/route-sets.ts), the
// file ip and the CLI run; addresses use documentation ranges (see
// bench/lib/addresses.ts).

// readRoutes parses `route add PREFIX [via GW] [dev D] [table T]` and
// `route add PREFIX nexthop via GW dev D nexthop ...` lines into routes.
func readRoutes(h *netlink.Handle, path string) []*netlink.Route {
	b, err := os.ReadFile(path)
	must(err)
	idx := map[string]int{}
	dev := func(name string) int {
		if i, ok := idx[name]; ok {
			return i
		}
		l, err := h.LinkByName(name)
		must(err)
		idx[name] = l.Attrs().Index
		return idx[name]
	}
	var out []*netlink.Route
	for _, line := range strings.Split(string(b), "\n") {
		w := strings.Fields(line)
		if len(w) < 3 {
			continue
		}
		ip, dst, err := net.ParseCIDR(w[2])
		must(err)
		if ip.To4() != nil {
			dst.IP = dst.IP.To4()
		}
		r := &netlink.Route{Dst: dst, Table: unix.RT_TABLE_MAIN}
		var hop *netlink.NexthopInfo
		for i := 3; i+1 < len(w); i += 2 {
			k := w[i]
			if k == "nexthop" {
				hop = &netlink.NexthopInfo{}
				r.MultiPath = append(r.MultiPath, hop)
				i++
				k = w[i]
			}
			v := w[i+1]
			switch k {
			case "via":
				gw := net.ParseIP(v)
				if gw.To4() != nil {
					gw = gw.To4()
				}
				if hop != nil {
					hop.Gw = gw
				} else {
					r.Gw = gw
				}
			case "dev":
				if hop != nil {
					hop.LinkIndex = dev(v)
				} else {
					r.LinkIndex = dev(v)
				}
			case "table":
				r.Table, err = strconv.Atoi(v)
				must(err)
			}
		}
		out = append(out, r)
	}
	return out
}

// family of the routes of a dump mode's argument ("4" or "6").
func family(arg string) int {
	if arg == "6" {
		return netlink.FAMILY_V6
	}
	return netlink.FAMILY_V4
}

// addr6 is address i: 2001:db8:100:X::1/128 (warm-up 2001:db8:101:X::1), X = i + 1.
func addr6(i int, warm bool) *netlink.Addr {
	ip := net.IP{0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, byte((i + 1) >> 8), byte(i + 1), 0, 0, 0, 0, 0, 0, 0, 1}
	if warm {
		ip[5] = 0x01
	}
	return &netlink.Addr{IPNet: &net.IPNet{IP: ip, Mask: net.CIDRMask(128, 128)}, Flags: unix.IFA_F_NODAD}
}

func cpu() (float64, float64) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec) + float64(ru.Utime.Usec)/1e6, float64(ru.Stime.Sec) + float64(ru.Stime.Usec)/1e6
}

// vmHWM is the peak RSS of this process image (VmHWM, bytes); getrusage's
// maxrss would include the spawner's high-water mark (vfork + execve).
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}


// warmUp is the untimed warm-up every self-timing contender does (see
// floor.c): a small run of the same operation, undone before the clock
// starts: the route file's first 1000 routes (in tables 240 and 241), 100 addresses
// (2001:db8:101:X::1), 10 veth pairs w<i>/x<i>, 1000 gets, 3 namespaces
// or one full dump.
// warmRoutes are the file's first 1,000 routes in tables 240 + k/512 (as in floor.c).
func warmRoutes(routes []*netlink.Route) []*netlink.Route {
	var out []*netlink.Route
	for k, r := range routes {
		if k == 1000 {
			break
		}
		c := *r
		c.Table = 240 + k/512
		out = append(out, &c)
	}
	return out
}

func warmUp(h *netlink.Handle, mode, arg string, routes []*netlink.Route) {
	switch mode {
	case "route-add", "route-del":
		for _, r := range warmRoutes(routes) {
			must(h.RouteAdd(r))
		}
		for _, r := range warmRoutes(routes) {
			must(h.RouteDel(&netlink.Route{Dst: r.Dst, Table: r.Table}))
		}
	case "route-dump":
		_, err := h.RouteListFiltered(family(os.Args[2]), &netlink.Route{Table: unix.RT_TABLE_UNSPEC}, netlink.RT_FILTER_TABLE)
		must(err)
	case "link-dump":
		_, err := h.LinkList()
		must(err)
	case "addr-dump":
		_, err := h.AddrList(nil, netlink.FAMILY_V6)
		must(err)
	case "addr-add":
		link, err := h.LinkByName(arg)
		must(err)
		for i := 0; i < 100; i++ {
			must(h.AddrAdd(link, addr6(i, true)))
		}
		for i := 99; i >= 0; i-- {
			must(h.AddrDel(link, addr6(i, true)))
		}
	case "veth-add", "veth-del":
		for i := 0; i < 10; i++ {
			must(h.LinkAdd(&netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "w" + strconv.Itoa(i)}, PeerName: "x" + strconv.Itoa(i)}))
		}
		for i := 0; i < 10; i++ {
			l, err := h.LinkByName("w" + strconv.Itoa(i))
			must(err)
			must(h.LinkDel(l))
		}
	case "link-get":
		for i := 0; i < 1000; i++ {
			_, err := h.LinkByName(arg)
			must(err)
		}
	case "netns-cycle":
		home, err := netns.Get()
		must(err)
		for i := 0; i < 3; i++ {
			name := arg + "w" + strconv.Itoa(i)
			ns, err := netns.NewNamed(name)
			must(err)
			nh, err := netlink.NewHandle(unix.NETLINK_ROUTE)
			must(netns.Set(home))
			must(err)
			lo, err := nh.LinkByName("lo")
			must(err)
			must(nh.LinkSetUp(lo))
			nh.Delete()
			ns.Close()
			must(netns.DeleteNamed(name))
		}
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "vishvananda:", err)
		os.Exit(2)
	}
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: vishvananda-bench MODE N [ARG]")
		os.Exit(2)
	}
	runtime.LockOSThread()
	mode := os.Args[1]
	n, _ := strconv.Atoi(os.Args[2])
	arg := ""
	if len(os.Args) > 3 {
		arg = os.Args[3]
	}
	h, err := netlink.NewHandle(unix.NETLINK_ROUTE)
	must(err)
	// Inputs are built before the clock starts, as for every contender.
	var routes []*netlink.Route
	if mode == "route-add" || mode == "route-del" {
		routes = readRoutes(h, os.Args[2])
	}
	var addrs []*netlink.Addr
	if mode == "addr-add" {
		for i := 0; i < n; i++ {
			addrs = append(addrs, addr6(i, false))
		}
	}
	warmUp(h, mode, arg, routes)
	count, errors := 0, 0
	u0, s0 := cpu()
	t0 := time.Now()
	switch mode {
	case "route-add":
		for _, r := range routes {
			if err := h.RouteAdd(r); err != nil {
				errors++
			} else {
				count++
			}
		}
	case "route-del":
		for _, r := range routes {
			if err := h.RouteDel(&netlink.Route{Dst: r.Dst, Table: r.Table}); err != nil {
				errors++
			} else {
				count++
			}
		}
	case "route-dump":
		list, err := h.RouteListFiltered(family(os.Args[2]), &netlink.Route{Table: unix.RT_TABLE_UNSPEC}, netlink.RT_FILTER_TABLE)
		must(err)
		count = len(list)
	case "link-dump":
		links, err := h.LinkList()
		must(err)
		count = len(links)
	case "addr-dump":
		list, err := h.AddrList(nil, netlink.FAMILY_V6)
		must(err)
		count = len(list)
	case "addr-add":
		link, err := h.LinkByName(arg)
		must(err)
		for i := 0; i < n; i++ {
			if err := h.AddrAdd(link, addrs[i]); err != nil {
				errors++
			} else {
				count++
			}
		}
	case "veth-add":
		for i := 0; i < n; i++ {
			v := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "a" + strconv.Itoa(i)}, PeerName: "b" + strconv.Itoa(i)}
			if err := h.LinkAdd(v); err != nil {
				errors++
			} else {
				count++
			}
		}
	case "veth-del":
		for i := 0; i < n; i++ {
			l, err := h.LinkByName("a" + strconv.Itoa(i))
			if err == nil {
				err = h.LinkDel(l)
			}
			if err != nil {
				errors++
			} else {
				count++
			}
		}
	case "link-get":
		for i := 0; i < n; i++ {
			if _, err := h.LinkByName(arg); err != nil {
				errors++
			} else {
				count++
			}
		}
	case "netns-cycle":
		home, err := netns.Get()
		must(err)
		for i := 0; i < n; i++ {
			name := arg + strconv.Itoa(i)
			ns, err := netns.NewNamed(name) // leaves this (locked) thread in the new namespace
			must(err)
			nh, err := netlink.NewHandle(unix.NETLINK_ROUTE)
			must(netns.Set(home))
			must(err)
			lo, err := nh.LinkByName("lo")
			if err == nil {
				err = nh.LinkSetUp(lo)
			}
			nh.Delete()
			ns.Close()
			must(netns.DeleteNamed(name))
			if err != nil {
				errors++
			} else {
				count++
			}
		}
	default:
		fmt.Fprintln(os.Stderr, "vishvananda: unknown mode", mode)
		os.Exit(2)
	}
	elapsed := time.Since(t0).Seconds()
	u1, s1 := cpu()
	fmt.Printf("{\"seconds\":%.9f,\"user\":%.6f,\"sys\":%.6f,\"maxrss\":%d,\"count\":%d,\"errors\":%d}\n", elapsed, u1-u0, s1-s0, vmHWM(), count, errors)
}
