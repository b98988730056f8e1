#!/bin/bash
# Runs the kernel's tc selftests (tools/testing/selftests/tc-testing, the
# tdc.py driver and its tc-tests/**/*.json cases) twice: once with
# iproute2's `tc`, once with `tc` replaced by bun-netlink-tc, and compares
# them test id by test id. Acceptance: every test that passes with tc passes
# with bun-netlink-tc. Prints both totals and the ids that pass with tc only;
# exit 1 when there is one.
#
# This script downloads nothing and the repository holds no kernel code.
# Give it the tc-testing directory, e.g. from Debian's kernel source package
# (any recent kernel; 6.12 was used):
#   apt-get download linux-source-6.12
#   dpkg-deb --fsys-tarfile linux-source-6.12_*.deb | tar -xO ./usr/src/linux-source-6.12.tar.xz \
#     | tar -xJ --wildcards 'linux-source-6.12/tools/testing/selftests/tc-testing/*'
#   sudo scripts/selftests/tdc.sh linux-source-6.12/tools/testing/selftests/tc-testing [qdiscs/fifo.json|CATEGORY ...]
# (or a kernel git checkout's tools/testing/selftests/tc-testing). Without
# arguments every tc-tests/**/*.json file runs; an argument ending in .json is
# a file (relative to tc-tests/ or absolute), any other a tdc category (-c).
# Needs only python3 (pyroute2 is not used even when installed). Tests that
# need kernel modules this kernel lacks fail with both tools and are not
# counted; tests tdc skips (flower needs -d NIC; dependsOn probes) are not run.
# KEEP=DIR keeps both TAP files and logs; TDC_WORK=DIR works in DIR and
# leaves it (the wrappers and both adapted copies) for running tdc by hand.
# Run time: all files, both tools side by side, about 30 minutes on 2 busy
# CPUs (1162 ids, 617 run; each tc call of bun-netlink-tc starts bun).
#
# How tdc is adapted, the same way for both tools (in a copy of the
# directory; the given one is not changed):
# - tdc_config_local.py sets TC, IP and a namespace prefix of this run's own.
# - nsPlugin runs its namespace setup commands one by one and waits for each
#   (upstream feeds them to a background `ip -b -` and starts the test as soon
#   as the namespace file exists, racing the device setup); it never takes
#   the pyroute2 path, which would put a veth end in PID 1's namespace; and at
#   the end it deletes only this run's namespaces (upstream: `ip -a netns del`).
# - `ip link add NAME type dummy` becomes a veth pair NAME / NAME_p with the
#   peer up (this kernel has no dummy driver); IP is the wrapper of
#   ip-wrapper.sh (shared with fib-selftests.sh), running the real ip.
# - Each run happens inside a throwaway namespace (`ip netns exec`), so the
#   veth ends nsPlugin leaves in "the root namespace" are in that one.
# - tdc raises its open-file limit only as far as the hard limit allows.
# - tdc stops a run at the first failing setup/teardown and marks the rest
#   "skipped - previous ... failed": it goes on with the next test instead
#   (each has a namespace of its own); ids still marked so run again.
set -u
if [ $# -lt 1 ] || [ ! -f "$1/tdc.py" ] || [ ! -f "$1/plugin-lib/nsPlugin.py" ]; then
	sed -n '2,43p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 2; }
command -v python3 > /dev/null || { echo "needs python3" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUN=${BUN:-$(command -v bun || echo "$ROOT/node_modules/.bin/bun")}
REAL_IP=$(command -v ip)
REAL_TC=$(command -v tc)
WORK=${TDC_WORK:-$(mktemp -d /tmp/bnl-tdc.XXXXXX)}
mkdir -p "$WORK"
TAG=bnltdc$$
PIDS=""
cleanup() {
	local ns
	[ -z "$PIDS" ] || kill $PIDS 2>/dev/null
	for ns in "$TAG"-outer-tc "$TAG"-outer-bn; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	# namespaces tdc made inside them (their files are visible here)
	for ns in $(ip netns list 2>/dev/null | awk -v t="$TAG" 'index($1, t) == 1 { print $1 }'); do
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "${TDC_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ip: `type dummy` -> veth pair NAME / NAME_p (peer up), then the real ip
. "$(dirname "$0")/ip-wrapper.sh"
make_wrapper "$WORK" "$REAL_IP"
cat > "$WORK/bun-netlink-tc" <<WRAP
#!/bin/bash
exec "$BUN" "$ROOT/cli/bun-netlink-tc" "\$@"
WRAP
chmod +x "$WORK/bun-netlink-tc"

# a copy of tc-testing per tool, adapted as the header says
prepare() { # dir tc-path ns-prefix
	mkdir -p "$1"
	cp -r "$SRC"/. "$1/"
	# tdc raises RLIMIT_NOFILE to 1048576, which fails without CAP_SYS_RESOURCE
	# when the hard limit is lower: up to the hard limit instead
	sed -i 's/resource.setrlimit(resource.RLIMIT_NOFILE, (1048576, 1048576))/resource.setrlimit(resource.RLIMIT_NOFILE, (min(1048576, resource.getrlimit(resource.RLIMIT_NOFILE)[1]),) * 2)/' "$1/tdc.py"
	# tdc ends a run at the first failing setup or teardown (the rest "skipped -
	# previous setup failed"): it goes on with the next test instead, which
	# has a namespace of its own
	sed -i "/^            print('---------------')\$/{n;s/^            break\$/            continue/}" "$1/tdc.py"
	cat > "$1/tdc_config_local.py" <<CONF
# written by bun-netlink's scripts/selftests/tdc.sh
import os
ENVIR = os.environ.copy()
EXTRA_NAMES = {'TC': '$2', 'IP': '$WORK/ip', 'NS': '$3'}
CONF
	cat >> "$1/plugin-lib/nsPlugin.py" <<'PATCH'

# --- appended by bun-netlink's scripts/selftests/tdc.sh ---
netlink = False  # the command path only: pyroute2's puts a veth end in /proc/1/ns/net

class _TdcShPlugin(SubPlugin):
    def _exec_cmd(self, stage, command):
        # one ip per setup command, waited for (not a background ip -b -)
        subprocess.run(self._replace_keywords('$IP ') + command, shell=True, env=ENVIR,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def post_suite(self, index):
        # only this run's namespaces (not `ip -a netns del`)
        prefix = self.args.NAMES['NS'].split('-')[0] + '-'
        for ns in os.listdir('/run/netns') if os.path.isdir('/run/netns') else []:
            if ns.startswith(prefix):
                subprocess.run([self.args.NAMES['IP'], 'netns', 'del', ns], env=ENVIR,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

SubPlugin = _TdcShPlugin
PATCH
}
prepare "$WORK/tdc-tc" "$REAL_TC" "${TAG}tc"
prepare "$WORK/tdc-bn" "$WORK/bun-netlink-tc" "${TAG}bn"

# the selections: files (-f) and categories (-c)
SEL=()
for a in "$@"; do
	case "$a" in
		/*.json) SEL+=("-f $a");;
		*.json) SEL+=("-f tc-tests/$a");;
		*) SEL+=("-c $a");;
	esac
done
if [ ${#SEL[@]} -eq 0 ]; then
	while read -r f; do SEL+=("-f $f"); done < <(cd "$SRC" && find tc-tests -name '*.json' | sort)
fi

# "id<TAB>PASS|FAIL|SKIP|AGAIN" from tdc's TAP output
results() {
	awk '
		/^(not )?ok [0-9]+ / {
			nt = ($1 == "not"); id = nt ? $4 : $3
			if (nt) r = "FAIL"
			else if ($0 ~ /# skipped - .*previous [a-z]+ failed/) r = "AGAIN"
			else if ($0 ~ /# skipped/) r = "SKIP"
			else r = "PASS"
			print id "\t" r
		}
	' "$1"
}

run_tool() { # tool (tc|bn): every selection, ids aborted by another's setup again on their own
	local tool=$1 dir=$WORK/tdc-$1 outer=$TAG-outer-$1 n=0 sel again
	: > "$WORK/$tool.results"
	ip netns add "$outer"
	ip netns exec "$outer" ip link set lo up
	for sel in "${SEL[@]}"; do
		again=""
		while :; do
			n=$((n + 1))
			local tap=$WORK/$tool-$n.tap
			if [ -z "$again" ]; then set -- $sel; else set -- $(echo "$sel" | grep -o '^-f .*') -e $again; fi
			ip netns exec "$outer" bash -c 'cd "$1" && shift && exec python3 tdc.py --format tap --outfile "$0" "$@"' \
				"$tap" "$dir" "$@" >> "$WORK/$tool.log" 2>&1
			[ -f "$tap" ] || break
			results "$tap" | grep -v $'\tAGAIN$' >> "$WORK/$tool.results"
			again=$(results "$tap" | awk -F'\t' '$2 == "AGAIN" { printf "%s ", $1 }')
			[ -n "$again" ] || break
		done
	done
	ip netns pids "$outer" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$outer"
}

run_tool tc & PIDS="$!"
run_tool bn & PIDS="$PIDS $!"
wait
PIDS=""
sort -u "$WORK/tc.results" > "$WORK/tc.sorted"
sort -u "$WORK/bn.results" > "$WORK/bn.sorted"
tc_ok=$(grep -c $'\tPASS$' "$WORK/tc.sorted"); tc_run=$(grep -cE $'\t(PASS|FAIL)$' "$WORK/tc.sorted")
bn_ok=$(grep -c $'\tPASS$' "$WORK/bn.sorted"); bn_run=$(grep -cE $'\t(PASS|FAIL)$' "$WORK/bn.sorted")
echo "tdc: tc passed $tc_ok of $tc_run run; bun-netlink-tc passed $bn_ok of $bn_run run"
regress=$(join -t $'\t' -a1 -e none -o 0,1.2,2.2 "$WORK/tc.sorted" "$WORK/bn.sorted" \
	| awk -F'\t' '$2 == "PASS" && $3 != "PASS" { print "  " $1 " (bun-netlink-tc: " $3 ")" }')
better=$(join -t $'\t' "$WORK/tc.sorted" "$WORK/bn.sorted" | awk -F'\t' '$3 == "PASS" && $2 != "PASS" { printf " %s", $1 }')
[ -n "$better" ] && echo "passing with bun-netlink-tc only:$better"
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.tap "$WORK"/*.log "$WORK"/*.sorted "$KEEP/"; fi
if [ -n "$regress" ]; then
	echo "tests that pass with tc and not with bun-netlink-tc:"
	echo "$regress"
	exit 1
fi
exit 0
