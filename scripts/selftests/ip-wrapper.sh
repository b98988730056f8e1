# Sourced by the selftest runners (fib-selftests.sh, iproute2-testsuite.sh):
# make_wrapper DIR "TOOL..." writes DIR/ip, an `ip` that runs TOOL with the
# same words, except that `ip link add NAME type dummy` becomes a veth pair
# NAME / NAME_p with the peer set up afterwards (this kernel has no dummy
# driver). The rewrite is the same for iproute2's ip and for bun-netlink, so
# a test of dummy-only behaviour (`carrier off`) fails with both tools.
make_wrapper() { # dir tool...
	mkdir -p "$1"
	cat > "$1/ip" <<WRAP
#!/bin/bash
TOOL=($2)
args=("\$@")
pre=()
i=0
# global options (and their values) before the object word
while [ \$i -lt \${#args[@]} ] && [ "\${args[\$i]:0:1}" = "-" ]; do
	case "\${args[\$i]}" in
		-n|-netns|-b|-batch|-f|-family|-l|-loops|-rc|-rcvbuf) pre+=("\${args[\$i]}" "\${args[\$((i+1))]}"); i=\$((i+2));;
		*) pre+=("\${args[\$i]}"); i=\$((i+1));;
	esac
done
peer=""
if [ "\${args[\$i]:-}" != "" ] && [[ "link" == "\${args[\$i]}"* ]] && [[ "add" == "\${args[\$((i+1))]:-x}"* ]]; then
	for ((j=i+2; j<\${#args[@]}; j++)); do
		if [ "\${args[\$j]}" = "type" ] && [ "\${args[\$((j+1))]:-}" = "dummy" ]; then
			name="\${args[\$((i+2))]}"
			case "\$name" in name|dev) name="\${args[\$((i+3))]}";; esac
			peer="\${name:0:13}_p"
			args=("\${args[@]:0:\$((j+1))}" veth peer name "\$peer" "\${args[@]:\$((j+2))}")
			break
		fi
	done
fi
"\${TOOL[@]}" "\${args[@]}"
rc=\$?
if [ \$rc -eq 0 ] && [ -n "\$peer" ]; then "\${TOOL[@]}" "\${pre[@]}" link set dev "\$peer" up; fi
exit \$rc
WRAP
	chmod +x "$1/ip"
}
