#!/bin/bash
# Runs kernel selftests that drive `ip` (tools/testing/selftests/net/
# fib_tests.sh, fib_rule_tests.sh, fib_nexthops.sh, rtnetlink.sh, ...)
# twice: once with iproute2's `ip`, once with `ip` replaced by bun-netlink,
# and compares them case by case. Acceptance (issue 14): every case that
# passes with ip passes with bun-netlink. Prints both totals and the cases
# that differ; exit 1 when a case passes with ip only.
#
# This script downloads nothing and the repository holds no kernel code.
# Give it a directory with the selftests, e.g. from Debian's kernel source
# package (any recent kernel; 6.12 was used):
#   apt-get download linux-source-6.12
#   dpkg-deb --fsys-tarfile linux-source-6.12_*.deb | tar -xO ./usr/src/linux-source-6.12.tar.xz \
#     | tar -xJ --wildcards 'linux-source-6.12/tools/testing/selftests/net/*'
#   sudo scripts/selftests/fib-selftests.sh linux-source-6.12/tools/testing/selftests/net [fib_tests.sh|fib_rule_tests.sh|fib_nexthops.sh ...]
# (or a kernel git checkout's tools/testing/selftests/net); without script
# names, fib_tests.sh and fib_rule_tests.sh. ping, socat and uuidgen
# make more cases runnable (apt-get install iputils-ping socat uuid-runtime), and so does
# the selftests' nettest helper for fib_rule_tests.sh's connect groups
# (gcc -o DIR/nettest DIR/nettest.c, it is looked up in DIR); cases that
# cannot run fail with both tools and are not counted against bun-netlink.
# Each test group (the scripts' -t names) runs on its own, so a group that
# aborts (its setup uses `set -e`) does not take the others with it;
# FIB_GROUPS="g1 g2" runs only those (e.g. to rerun a flaky one), and
# FIB_SKIP lists groups left out (default: fib_nexthops.sh's four *_torture
# groups, which sleep 300 s each and print no case of their own).
# A script without such groups runs whole, as group "all". SCRIPT may be a
# path under DIR (forwarding/router.sh): the whole DIR is copied for each
# run and the script runs from its own folder. Helper programs built
# elsewhere (nettest, ...) are found in SELFTEST_BINS (a folder put on PATH
# after the ip wrapper); FIB_TIMEOUT caps each group (default 600 s);
# FIB_ARGS are passed to each script (e.g. -v: with KEEP=DIR, the two
# runs' outputs can then be compared line by line).
# Cases are the lines the scripts print: "TEST: what [ OK ]" (lib.sh's
# log_test), "PASS: what" / "FAIL: what", "what [ OK ]" / "[FAIL]" alone,
# veth.sh's "what  ok" / "fail", route_localnet.sh's "run X test" then
# "ok" / "failed"; and each group's exit status ("exit status": 0 OK, 4
# SKIP, else FAIL), so a script that prints no case is compared too.
# Scripts that change host-wide state (ipv6_route_update_soft_lockup.sh
# sets kernel.softlockup_panic, rps_default_mask.sh the init namespace's
# mask) are not for this runner: only net.* sysctls stay in a namespace.
# Session 14 also ran (SELFTEST_BINS holding nettest; apt-get install
# iputils-arping ndisc6 traceroute netsniff-ng for arping, ndisc6,
# traceroute, mausezahn): fib_nexthop_nongw.sh fib_nexthop_multiprefix.sh
# route_localnet.sh icmp.sh netns-name.sh altnames.sh unicast_extensions.sh
# test_vxlan_fdb_changelink.sh ndisc_unsolicited_na_test.sh
# arp_ndisc_evict_nocarrier.sh arp_ndisc_untracked_subnets.sh
# icmp_redirect.sh traceroute.sh netdevice.sh pmtu.sh (and, skipped by
# their own version checks or lacking VRF here: fdb_flush.sh
# test_bridge_*.sh test_vxlan_nolocalbypass.sh fib-onlink-tests.sh).
#
# How the selftests are adapted, the same way for both tools:
# - `ip link add NAME type dummy` becomes a veth pair NAME / NAME_p with the
#   peer up (this kernel has no dummy driver); the `ip` on PATH is a
#   wrapper that rewrites the words and then runs the real tool. Tests of
#   dummy-only behaviour (`carrier off`) then fail with both tools.
# - Groups needing kernel features this kernel lacks (VRF, MPLS, ...) fail
#   with both tools and so are left out of the comparison automatically.
# - Each group runs with a private /run/netns (a tmpfs in the mount
#   namespace `ip netns exec` makes), so the namespaces a script adds
#   vanish with it even when the timeout kills it, and a script's
#   `ip -all netns del` or name clash cannot reach anyone else's.
# - The whole run happens inside a throwaway namespace (`ip netns exec`),
#   so the steps that touch "the root namespace" (fib_tests.sh's
#   ipv4_local_rt_cache adds 10.0.0.1/32 to lo and veths there) touch
#   that namespace instead; the namespaces the scripts create have no link
#   to the real root namespace. The selftests' private addresses (10.x,
#   172.16.x, 198.51.100.x) never leave these namespaces.
set -u
if [ $# -lt 1 ] || [ ! -f "$1/lib.sh" ]; then
	awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
shift
SCRIPTS=("$@")
[ ${#SCRIPTS[@]} -gt 0 ] || SCRIPTS=(fib_tests.sh fib_rule_tests.sh)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUN=${BUN:-$(command -v bun || echo "$ROOT/node_modules/.bin/bun")}
REAL_IP=$(command -v ip)
WORK=$(mktemp -d /tmp/bnl-fib-selftests.XXXXXX)
OUTER=bnl-selftests-$$
cleanup() {
	ip netns pids "$OUTER" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$OUTER" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# the wrapper: dummy -> veth, then the real tool
. "$(dirname "$0")/ip-wrapper.sh"
make_wrapper "$WORK/bin-ip" "$REAL_IP"
make_wrapper "$WORK/bin-bn" "$BUN $ROOT/cli/bun-netlink"

# the -t group names of a selftest script: its TESTS variable (or ALL_TESTS, which
# rtnetlink.sh runs when TESTS is unset), with the *_TESTS lists it is made of
# (fib_nexthops.sh: TESTS="${ALL_TESTS}"); only those
# assignments are evaluated, each from its first line to its closing quote
groups_of() {
	grep -q 'getopts[^#]*t:' "$SRC/$1" || return 0 # no -t option: the script runs whole
	bash -c "$(awk '
		!open && /^[A-Z0-9_]*TESTS="/ { open = 1 }
		open { print; q = $0; n = gsub(/"/, "", q); quotes += n; if (quotes % 2 == 0) { open = 0; quotes = 0 } }
	' "$SRC/$1"); echo \${TESTS:-\$ALL_TESTS}"
}

run_one() { # tool-dir script -> output file (every group on its own)
	local name=${2//\//_}
	local dir=$WORK/run-$(basename "$1")-$name out="$WORK/$(basename "$1")-$name.out" g
	mkdir -p "$dir"
	cp -r "$SRC"/. "$dir/"
	: > "$out"
	local groups=${FIB_GROUPS:-$(groups_of "$2")} skip=" ${FIB_SKIP-ipv4_torture ipv4_res_torture ipv6_torture ipv6_res_torture} "
	for g in ${groups:-all}; do # a script without -t groups runs whole, as group "all"
		[[ "$skip" == *" $g "* ]] && continue
		local sel="-t $g"
		[ -z "$groups" ] && sel=""
		echo "=== group $g" >> "$out"
		ip netns add "$OUTER"
		ip netns exec "$OUTER" env PATH="$1:${SELFTEST_BINS:+$SELFTEST_BINS:}$dir:$PATH" bash -c "mount -t tmpfs bnl-netns /run/netns && cd '$dir/$(dirname "$2")' && ip link set lo up && timeout ${FIB_TIMEOUT:-600} bash ./$(basename "$2") ${FIB_ARGS:-} $sel" >> "$out" 2>&1
		echo "=== exit $?" >> "$out"
		ip netns pids "$OUTER" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$OUTER"
	done
}

# "section / message #n -> OK|FAIL" for every TEST line
cases() {
	awk -v uuid='[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+' '
		# lib.sh setup_ns names (h1-qJ5dyI: mktemp -u XXXXXX) differ between runs: masked in the keys
		function maskns(t,   out, r) {
			out = ""
			while (match(t, /-[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]/)) {
				r = substr(t, RSTART + RLENGTH, 1)
				out = out substr(t, 1, RSTART - 1) (r ~ /[A-Za-z0-9]/ ? substr(t, RSTART, RLENGTH) : "-NS")
				t = substr(t, RSTART + RLENGTH)
			}
			return out t
		}
		/TEST: / {
			line = $0; sub(/^[ \t]*TEST: /, "", line)
			res = (line ~ /\[ OK \][ \t]*$/) ? "OK" : (line ~ /\[FAIL\][ \t]*$/) ? "FAIL" : (line ~ /\[SKIP\][ \t]*$/) ? "SKIP" : "?"
			sub(/[ \t]*\[[^]]*\][ \t]*$/, "", line); sub(/[ \t]+$/, "", line)
			gsub(uuid, "UUID", line) # rtnetlink.sh: the random ifalias from uuidgen
			key = section " / " line; n[key]++
			print key " #" n[key] "\t" res; next
		}
		/^(PASS|FAIL): / { # rtnetlink.sh: end_test "PASS: what" / "FAIL: what"
			res = ($1 == "PASS:") ? "OK" : "FAIL"; line = $0; sub(/^[A-Z]+: /, "", line)
			gsub(uuid, "UUID", line)
			key = group ": " line; n[key]++
			print key " #" n[key] "\t" res; next
		}
		/^=== group / { group = $3; pending = "" }
		/^=== exit / { print group ": exit status #1\t" ($3 == 0 ? "OK" : $3 == 4 ? "SKIP" : "FAIL"); next }
		/^run .* test$/ { pending = $0; next } # route_localnet.sh, arp_ndisc_evict_nocarrier.sh
		pending != "" && /^(ok|failed)$/ { key = group ": " pending; n[key]++; print key " #" n[key] "\t" ($0 == "ok" ? "OK" : "FAIL"); pending = ""; next }
		/(\[ +OK +\]|\[ *FAIL *\])[ \t]*$/ { # a verdict without TEST: (netns-name.sh, test_vxlan_fdb_changelink.sh)
			line = $0; res = (line ~ /OK +\][ \t]*$/) ? "OK" : "FAIL"
			sub(/[ \t]*\[[^]]*\][ \t]*$/, "", line); sub(/^[ \t]+/, "", line); sub(/[ \t]+$/, "", line)
			key = group ": " line; n[key]++; print key " #" n[key] "\t" res; next
		}
		substr($0, 61, 4) == " ok " || substr($0, 61, 5) == " fail" { # veth.sh: printf "%-60s" then " ok " or " fail - ..."
			line = substr($0, 1, 60); sub(/[ \t]+$/, "", line)
			key = group ": " line; n[key]++; print key " #" n[key] "\t" (substr($0, 62, 2) == "ok" ? "OK" : "FAIL"); next
		}
		/^[A-Za-z]/ && !/^(rtt|PING) / { section = group ": " maskns($0) } # not the timings of ping (under -v)
	' "$1"
}

status=0
for s in "${SCRIPTS[@]}"; do
	run_one "$WORK/bin-ip" "$s"
	run_one "$WORK/bin-bn" "$s"
	n=${s//\//_}
	cases "$WORK/bin-ip-$n.out" > "$WORK/ip.cases"
	cases "$WORK/bin-bn-$n.out" > "$WORK/bn.cases"
	ip_ok=$(grep -c $'\tOK$' "$WORK/ip.cases"); ip_all=$(wc -l < "$WORK/ip.cases")
	bn_ok=$(grep -c $'\tOK$' "$WORK/bn.cases"); bn_all=$(wc -l < "$WORK/bn.cases")
	regress=$(join -t $'\t' <(sort "$WORK/ip.cases") <(sort "$WORK/bn.cases") | awk -F'\t' '$2 == "OK" && $3 != "OK" { print "  " $1 " (bun-netlink: " $3 ")" }')
	missing=$(join -t $'\t' -v1 <(sort "$WORK/ip.cases") <(sort "$WORK/bn.cases") | awk -F'\t' '$2 == "OK" { print "  " $1 " (not run with bun-netlink)" }')
	echo "$s: ip passed $ip_ok of $ip_all; bun-netlink passed $bn_ok of $bn_all"
	if [ -n "$regress$missing" ]; then
		status=1
		echo "$s: cases that pass with ip and not with bun-netlink:"
		[ -n "$regress" ] && echo "$regress"
		[ -n "$missing" ] && echo "$missing"
	fi
	if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$WORK/bin-ip-$n.out" "$WORK/bin-bn-$n.out" "$KEEP/"; fi
done
exit $status
