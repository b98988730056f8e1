#!/bin/bash
# 10,000 `route del` lines through -batch (no -force): ip vs bun-netlink, wall and CPU (root).
# Each run gets a fresh throwaway namespace with veth v0 (192.0.2.1/24) and 10,000 /32 routes in
# 198.18.0.0/15 added by `ip -batch`; the timed command deletes them all. Prints the load average.
# Usage: sudo PATH=$PWD/node_modules/.bin:$PATH scripts/batch-del-bench.sh [runs] [bun-netlink command]
set -euo pipefail
runs=${1:-3}
BN=${2:-$(dirname "$0")/../cli/bun-netlink}
dir=$(mktemp -d)
ns=bnl-batchdel-$$
trap 'ip netns del $ns 2>/dev/null || true; rm -rf "$dir"' EXIT
for i in $(seq 0 9999); do
  p="198.18.$((i / 256)).$((i % 256))/32"
  echo "route add $p via 192.0.2.2 dev v0" >&3
  echo "route del $p via 192.0.2.2 dev v0" >&4
done 3>"$dir/add.txt" 4>"$dir/del.txt"
for r in $(seq "$runs"); do
  for tool in ip bun-netlink; do
    ip netns add $ns
    ip -n $ns link add v0 type veth peer name v1
    ip -n $ns link set v0 up
    ip -n $ns link set v1 up
    ip -n $ns addr add 192.0.2.1/24 dev v0
    ip -n $ns -batch "$dir/add.txt"
    if [ $tool = ip ]; then cmd=(ip); else cmd=($BN); fi
    /usr/bin/time -f "$tool: %e s wall, %U s user + %S s sys" "${cmd[@]}" -n $ns -batch "$dir/del.txt"
    left=$(ip -n $ns -4 route show | grep -c 198.18 || true)
    [ "$left" = 0 ] || echo "$tool left $left routes"
    ip netns del $ns
  done
done
uptime
