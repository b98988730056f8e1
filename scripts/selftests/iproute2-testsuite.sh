#!/bin/bash
# Runs iproute2's own testsuite (testsuite/tests/ip/**.t and tests/bridge/**.t)
# twice: once with IP= iproute2's `ip`, once with IP= bun-netlink, and
# compares them test by test. Acceptance: every test that passes with ip
# passes with bun-netlink. Prints both totals and the tests that differ;
# exit 1 when a test passes with ip only.
#
# This script downloads nothing and the repository holds no iproute2 code.
# Give it iproute2's testsuite directory (v6.1 was used), e.g. from a git
# clone of iproute2:
#   git -C iproute2 archive v6.1.0 testsuite | tar -x -C /tmp/ip2ts
#   sudo scripts/selftests/iproute2-testsuite.sh /tmp/ip2ts/testsuite [tests/ip/rule/dsfield.t ...]
# Without test names, every .t under tests/ip and tests/bridge. The test
# tests/ip/link/show_dev_wo_vf_rate.t reads a netlink blob that the
# testsuite's tools/generate_nlmsg writes; build it in an iproute2 tree
# (./configure && make SUBDIRS=lib, then in testsuite/tools: gcc -I../../include
# -I../../include/uapi -include ../../include/uapi/linux/netlink.h -o
# generate_nlmsg generate_nlmsg.c ../../lib/libnetlink.a ../../lib/libutil.a)
# and copy it to TESTSUITE/tools; without it that test fails with both
# tools and is not counted.
#
# How a test runs (as the testsuite's Makefile does, results judged by
# lib/generic.sh): `unshare -n` gives it a fresh network namespace, with
# IP, BRIDGE, TC, SS, DEV=lo, STD_OUT, STD_ERR and ERRF set; it passes
# unless it wrote ERRF, exit 127 means skipped. Same for both tools, and:
# - The namespace also gets its own mount namespace with a tmpfs on
#   /run/netns, so the namespaces a test makes with `ip netns add` live
#   and die with it (nothing is left in the host's `ip netns list`).
# - `ip link add NAME type dummy` becomes a veth pair (ip-wrapper.sh); this
#   kernel has no dummy driver.
# - `sudo` runs its words and `rmmod` does nothing (add_tunnel.t unloads
#   kernel modules at its end).
# - Bun-netlink has no `bridge` command: tests/bridge/** use iproute2's
#   bridge for their bridge steps with both tools, and their results are
#   reported but not counted.
# A test whose printed output differs (random names and MACs masked) is
# marked "output differs". KEEP=DIR keeps every output and error file there.
set -u
if [ $# -lt 1 ] || [ ! -f "$1/lib/generic.sh" ] || [ ! -d "$1/tests/ip" ]; then
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
shift
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUN=${BUN:-$(command -v bun || echo "$ROOT/node_modules/.bin/bun")}
REAL_IP=$(command -v ip)
WORK=$(mktemp -d /tmp/bnl-iproute2-testsuite.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
. "$HERE/ip-wrapper.sh"
make_wrapper "$WORK/bin-ip" "$REAL_IP"
make_wrapper "$WORK/bin-bn" "$BUN $ROOT/cli/bun-netlink"
mkdir -p "$WORK/stubs"
printf '#!/bin/sh\nexec "$@"\n' > "$WORK/stubs/sudo"
printf '#!/bin/sh\nexit 0\n' > "$WORK/stubs/rmmod"
chmod +x "$WORK/stubs/sudo" "$WORK/stubs/rmmod"

TESTS=("$@")
if [ ${#TESTS[@]} -eq 0 ]; then
	mapfile -t TESTS < <(cd "$SRC" && find tests/ip tests/bridge -name '*.t' | sort)
fi

run_one() { # tool test -> OK|FAIL|SKIP (the test's output under $WORK/out-tool)
	local tool=$1 t=$2 dir=$WORK/tree-$1 out=$WORK/out-$1 rc
	mkdir -p "$out/$(dirname "$t")"
	local errf=$out/$t.err stdout=$WORK/std-$tool.out stderr=$WORK/std-$tool.err
	rm -f "$errf"
	(cd "$dir" && env PATH="$WORK/stubs:$PATH" IP="$WORK/bin-$tool/ip" BRIDGE="$(command -v bridge)" \
		TC="$(command -v tc)" SS="$(command -v ss)" DEV=lo IPVER="$t" SNAME="$tool" \
		STD_OUT="$stdout" STD_ERR="$stderr" ERRF="$errf" \
		timeout 300 unshare -n -m sh -c 'mount -t tmpfs bnl-netns /run/netns && exec sh "$0"' "$t") > "$out/$t.out" 2>&1
	rc=$?
	if [ $rc -eq 127 ]; then echo SKIP; elif [ -e "$errf" ]; then echo FAIL; else echo OK; fi
}

# the tests print what the commands printed: compared too, with the random
# names (rand_dev), MACs and the tool's path masked
mask() { sed -E 's/dev-[A-Za-z]{6}/DEV/g; s/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g; s#/[^ ]*/bin-(ip|bn)/ip#IP#g' "$1"; }

mkdir -p /run/netns
for tool in ip bn; do
	cp -r "$SRC" "$WORK/tree-$tool"
	[ -x "$SRC/tools/generate_nlmsg" ] && (cd "$WORK/tree-$tool" && ./tools/generate_nlmsg)
done
status=0 ip_ok=0 bn_ok=0 counted=0
for t in "${TESTS[@]}"; do
	r_ip=$(run_one ip "$t")
	r_bn=$(run_one bn "$t")
	note=""
	if grep -qE 'ts_bridge|\$BRIDGE' "$SRC/$t"; then
		note=" (uses the bridge binary: not counted)"
	else
		counted=$((counted + 1))
		[ "$r_ip" = OK ] && ip_ok=$((ip_ok + 1))
		[ "$r_bn" = OK ] && bn_ok=$((bn_ok + 1))
		if [ "$r_ip" = OK ] && [ "$r_bn" != OK ]; then status=1; note=" <- passes with ip only"; fi
	fi
	if ! cmp -s <(mask "$WORK/out-ip/$t.out") <(mask "$WORK/out-bn/$t.out"); then note="$note (output differs)"; fi
	printf '%-40s ip: %-4s bun-netlink: %-4s%s\n' "$t" "$r_ip" "$r_bn" "$note"
done
echo "iproute2 testsuite: ip passed $ip_ok of $counted; bun-netlink passed $bn_ok of $counted"
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -r "$WORK/out-ip" "$WORK/out-bn" "$KEEP/"; fi
exit $status
