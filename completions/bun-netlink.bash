# bash completion for bun-netlink, the iproute2-compatible CLI of the bun-netlink package.
# Load it with:  source completions/bun-netlink.bash   (zsh: autoload bashcompinit && bashcompinit first)
# Completes global options, objects, each object's commands, namespace names after -n/-netns
# and `netns exec|delete|set|pids`, and interface names after dev/master/link.

_bun_netlink_netns() {
  local d=/run/netns
  [ -d "$d" ] && compgen -W "$(ls -1 "$d" 2>/dev/null)" -- "$1"
}

_bun_netlink_links() {
  compgen -W "$(ls -1 /sys/class/net 2>/dev/null)" -- "$1"
}

_bun_netlink() {
  local cur prev words cword
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local globals="-Version -human -iec -statistics -details -resolve -family -oneline -timestamp -tshort -batch -force -netns -Numeric -all -json -pretty -brief -rcvbuf -color -loops -help -4 -6 -0 -B -M"
  local objects="link address maddress route rule neighbour nexthop ntable netns monitor stats state help"

  case $prev in
    -n|-netns) mapfile -t COMPREPLY < <(_bun_netlink_netns "$cur"); return ;;
    -batch) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    -f|-family) mapfile -t COMPREPLY < <(compgen -W "inet inet6 link bridge mpls" -- "$cur"); return ;;
  esac

  # Find the object word: the first word after the global options (and their arguments).
  local i=1 obj="" objidx=0
  while [ $i -lt "$COMP_CWORD" ]; do
    case ${COMP_WORDS[i]} in
      -n|-netns|-batch|-f|-family|-rcvbuf|-loops|-l) i=$((i + 2)); continue ;;
      -*) i=$((i + 1)); continue ;;
      *) obj=${COMP_WORDS[i]}; objidx=$i; break ;;
    esac
  done

  if [ -z "$obj" ]; then
    if [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$globals" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W "$objects" -- "$cur")
    fi
    return
  fi

  local cmds=""
  case $obj in
    l|li|lin|link) cmds="add delete set show list xstats afstats help" ;;
    a|ad|add|addr|addre|addres|address) cmds="add change replace delete show list flush help" ;;
    r|ro|rou|rout|route) cmds="add change append replace prepend delete show list flush get save restore showdump help" ;;
    ru|rul|rule) cmds="add delete show list flush help" ;;
    n|ne|nei|neig|neigh|neighbor|neighbour) cmds="add change replace delete show list flush get help" ;;
    nex|next|nexth|nextho|nexthop) cmds="add replace delete show list flush get bucket help" ;;
    m|ma|mad|madd|maddr|maddre|maddres|maddress) cmds="show list help" ;;
    nt|nta|ntab|ntabl|ntable|ntb|ntbl) cmds="change show list help" ;;
    net|netn|netns) cmds="add delete list list-id set identify pids exec attach help" ;;
    mo|mon|moni|monit|monito|monitor) cmds="all link address route neigh rule nexthop nsid label help" ;;
    st|sta|stat|stats) cmds="show set help" ;;
    state) cmds="export plan apply drift help" ;;
  esac
  if [ "$COMP_CWORD" -eq $((objidx + 1)) ]; then
    mapfile -t COMPREPLY < <(compgen -W "$cmds" -- "$cur")
    return
  fi
  case $prev in
    dev|master|link|oif|iif) mapfile -t COMPREPLY < <(_bun_netlink_links "$cur"); return ;;
  esac
  case $obj in
    st|sta|stat|stats)
      local w=""
      case $prev in
        group) w="link xstats xstats_slave offload afstats" ;;
        subgroup) w="bridge bond cpu_hit hw_stats_info l3_stats mpls" ;;
        suite) w="stp mcast 802.3ad" ;;
        l3_stats) w="on off" ;;
        *) if [ "${COMP_WORDS[objidx + 1]}" = set ]; then w="dev l3_stats"; else w="dev group subgroup suite"; fi ;;
      esac
      mapfile -t COMPREPLY < <(compgen -W "$w" -- "$cur"); return
      ;;
    net|netn|netns)
      case ${COMP_WORDS[objidx + 1]} in
        exec|delete|del|set|pids|attach)
          if [ "$COMP_CWORD" -eq $((objidx + 2)) ]; then mapfile -t COMPREPLY < <(_bun_netlink_netns "$cur"); return; fi
          ;;
      esac
      ;;
  esac
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

complete -F _bun_netlink bun-netlink
