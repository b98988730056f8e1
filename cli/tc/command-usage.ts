/** The usage texts of `tc qdisc`, `tc class` and `tc filter` (tc_qdisc.c, tc_class.c, tc_filter.c usage() of tc 6.1). */

/** tc_filter.c usage(). */
export const TC_FILTER_USAGE = "Usage: tc filter [ add | del | change | replace | show ] [ dev STRING ]\n" +
  "       tc filter [ add | del | change | replace | show ] [ block BLOCK_INDEX ]\n" +
  "       tc filter get dev STRING parent CLASSID protocol PROTO handle FILTERID pref PRIO FILTER_TYPE\n" +
  "       tc filter get block BLOCK_INDEX protocol PROTO handle FILTERID pref PRIO FILTER_TYPE\n" +
  "       [ pref PRIO ] protocol PROTO [ chain CHAIN_INDEX ]\n" +
  "       [ estimator INTERVAL TIME_CONSTANT ]\n" +
  "       [ root | ingress | egress | parent CLASSID ]\n" +
  "       [ handle FILTERID ] [ [ FILTER_TYPE ] [ help | OPTIONS ] ]\n" +
  "\n" +
  "       tc filter show [ dev STRING ] [ root | ingress | egress | parent CLASSID ]\n" +
  "       tc filter show [ block BLOCK_INDEX ]\n" +
  "Where:\n" +
  "FILTER_TYPE := { rsvp | u32 | bpf | fw | route | etc. }\n" +
  "FILTERID := ... format depends on classifier, see there\n" +
  "OPTIONS := ... try tc filter add <desired FILTER_KIND> help\n";

/** tc_class.c usage(). */
export const TC_CLASS_USAGE = "Usage: tc class [ add | del | change | replace | show ] dev STRING\n" +
  "       [ classid CLASSID ] [ root | parent CLASSID ]\n" +
  "       [ [ QDISC_KIND ] [ help | OPTIONS ] ]\n" +
  "\n" +
  "       tc class show [ dev STRING ] [ root | parent CLASSID ]\n" +
  "Where:\n" +
  "QDISC_KIND := { prio | cbq | etc. }\n" +
  "OPTIONS := ... try tc class add <desired QDISC_KIND> help\n";

/** tc_qdisc.c usage(). */
export const TC_QDISC_USAGE = "Usage: tc qdisc [ add | del | replace | change | show ] dev STRING\n" +
  "       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]\n" +
  "       [ estimator INTERVAL TIME_CONSTANT ]\n" +
  "       [ stab [ help | STAB_OPTIONS] ]\n" +
  "       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]\n" +
  "       [ [ QDISC_KIND ] [ help | OPTIONS ] ]\n" +
  "\n" +
  "       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]\n" +
  "Where:\n" +
  "QDISC_KIND := { [p|b]fifo | tbf | prio | cbq | red | etc. }\n" +
  "OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help\n" +
  "STAB_OPTIONS := ... try tc qdisc add stab help\n" +
  "QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }\n";
