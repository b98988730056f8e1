/** tc 6.1's flower explain() text (f_flower.c), byte for byte: printed to stderr on `help` or an unknown word. */
export const FLOWER_USAGE =
  "Usage: ... flower\t[ MATCH-LIST ] [ verbose ]\n" +
  "\t\t\t[ skip_sw | skip_hw ]\n" +
  "\t\t\t[ action ACTION-SPEC ] [ classid CLASSID ]\n" +
  "\n" +
  "Where: MATCH-LIST := [ MATCH-LIST ] MATCH\n" +
  "       MATCH      := {\tindev DEV-NAME |\n" +
  "\t\t\tnum_of_vlans VLANS_COUNT |\n" +
  "\t\t\tvlan_id VID |\n" +
  "\t\t\tvlan_prio PRIORITY |\n" +
  "\t\t\tvlan_ethtype [ ipv4 | ipv6 | ETH-TYPE ] |\n" +
  "\t\t\tcvlan_id VID |\n" +
  "\t\t\tcvlan_prio PRIORITY |\n" +
  "\t\t\tcvlan_ethtype [ ipv4 | ipv6 | ETH-TYPE ] |\n" +
  "\t\t\tpppoe_sid PSID |\n" +
  "\t\t\tppp_proto [ ipv4 | ipv6 | mpls_uc | mpls_mc | PPP_PROTO ]\t\t\tdst_mac MASKED-LLADDR |\n" +
  "\t\t\tsrc_mac MASKED-LLADDR |\n" +
  "\t\t\tip_proto [tcp | udp | sctp | icmp | icmpv6 | IP-PROTO ] |\n" +
  "\t\t\tip_tos MASKED-IP_TOS |\n" +
  "\t\t\tip_ttl MASKED-IP_TTL |\n" +
  "\t\t\tmpls LSE-LIST |\n" +
  "\t\t\tmpls_label LABEL |\n" +
  "\t\t\tmpls_tc TC |\n" +
  "\t\t\tmpls_bos BOS |\n" +
  "\t\t\tmpls_ttl TTL |\n" +
  "\t\t\tdst_ip PREFIX |\n" +
  "\t\t\tsrc_ip PREFIX |\n" +
  "\t\t\tdst_port PORT-NUMBER |\n" +
  "\t\t\tsrc_port PORT-NUMBER |\n" +
  "\t\t\ttcp_flags MASKED-TCP_FLAGS |\n" +
  "\t\t\ttype MASKED-ICMP-TYPE |\n" +
  "\t\t\tcode MASKED-ICMP-CODE |\n" +
  "\t\t\tarp_tip IPV4-PREFIX |\n" +
  "\t\t\tarp_sip IPV4-PREFIX |\n" +
  "\t\t\tarp_op [ request | reply | OP ] |\n" +
  "\t\t\tarp_tha MASKED-LLADDR |\n" +
  "\t\t\tarp_sha MASKED-LLADDR |\n" +
  "\t\t\tenc_dst_ip [ IPV4-ADDR | IPV6-ADDR ] |\n" +
  "\t\t\tenc_src_ip [ IPV4-ADDR | IPV6-ADDR ] |\n" +
  "\t\t\tenc_key_id [ KEY-ID ] |\n" +
  "\t\t\tenc_tos MASKED-IP_TOS |\n" +
  "\t\t\tenc_ttl MASKED-IP_TTL |\n" +
  "\t\t\tgeneve_opts MASKED-OPTIONS |\n" +
  "\t\t\tvxlan_opts MASKED-OPTIONS |\n" +
  "                       erspan_opts MASKED-OPTIONS |\n" +
  "\t\t\tgtp_opts MASKED-OPTIONS |\n" +
  "\t\t\tip_flags IP-FLAGS |\n" +
  "\t\t\tenc_dst_port [ port_number ] |\n" +
  "\t\t\tct_state MASKED_CT_STATE |\n" +
  "\t\t\tct_label MASKED_CT_LABEL |\n" +
  "\t\t\tct_mark MASKED_CT_MARK |\n" +
  "\t\t\tct_zone MASKED_CT_ZONE }\n" +
  "\tLSE-LIST := [ LSE-LIST ] LSE\n" +
  "\tLSE := lse depth DEPTH { label LABEL | tc TC | bos BOS | ttl TTL }\n" +
  "\tFILTERID := X:Y:Z\n" +
  "\tMASKED_LLADDR := { LLADDR | LLADDR/MASK | LLADDR/BITS }\n" +
  "\tMASKED_CT_STATE := combination of {+|-} and flags trk,est,new,rel,rpl,inv\n" +
  "\tACTION-SPEC := ... look at individual actions\n" +
  "\n" +
  "NOTE:\tCLASSID, IP-PROTO are parsed as hexadecimal input.\n" +
  "NOTE:\tThere can be only used one mask per one prio. If user needs\n" +
  "\tto specify different mask, he has to use different prio.\n";
