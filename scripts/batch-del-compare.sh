#!/bin/bash
# Two builds of the CLI side by side on the benchmark's route-delete batches (root): for each run and
# build, a fresh throwaway namespace with the benchmark's base setup (bench/lib/netns.ts BASE_SETUP),
# the route set's 100k routes added by `ip -batch`, then `BUILD -n NS -batch DEL-FILE` timed (wall ms).
# Interleaved A, B, A, B... so that load drifts hit both; prints every time and the medians.
# Usage: sudo PATH=$PWD/node_modules/.bin:$PATH scripts/batch-del-compare.sh A_BINARY B_BINARY [set] [runs]
#   set: a route set of bench/lib/route-sets.ts (v4-32, v4-mix, v4-ecmp, v6-mix...; default v6-mix), runs: default 8.
# e.g. the compiled CLI of an older commit: git worktree add /tmp/old OLD && (cd /tmp/old && npm ci && bun scripts/build.ts)
set -euo pipefail
A=$1 B=$2 set=${3:-v6-mix} runs=${4:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
ns=bnl-delcmp-$$
trap 'ip netns del $ns 2>/dev/null || true; rm -rf "$dir"' EXIT
files=$(cd "$ROOT" && bun -e "
  const { routeFiles } = await import('./bench/lib/route-sets.ts');
  const f = routeFiles('$dir', '$set', 100_000);
  console.log(f.add + ' ' + f.del);")
read -r add del <<<"$files"
declare -A times
for r in $(seq "$runs"); do
  for build in A B; do
    bin=$A; [ $build = B ] && bin=$B
    ip netns add $ns
    ip -n $ns -batch - <<'SETUP'
link set lo up
link add v0 type veth peer name v1
link set v0 addrgenmode none
link set v1 addrgenmode none
addr add 192.0.2.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad
link set v0 up
link set v1 up
SETUP
    ip -n $ns -batch "$add"
    s=$(date +%s%N)
    "$bin" -n $ns -batch "$del"
    e=$(date +%s%N)
    ms=$(((e - s) / 1000000))
    times[$build]="${times[$build]:-} $ms"
    echo "run $r $build: $ms ms"
    ip netns del $ns
  done
done
for build in A B; do
  echo "$build median: $(tr ' ' '\n' <<<"${times[$build]}" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}') ms (${times[$build]# })"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
