/**
 * The usage texts tc 6.1 prints after a qdisc kind's parse error (each
 * q_*.c explain(): htb, tbf, fq_codel, sfq, fq, prio and the fifos), byte
 * for byte as tc writes them to stderr.
 */

/** Usage text of each kind whose parse errors print one, by kind name. */
export const QDISC_USAGE: Readonly<Record<string, string>> = {
  htb: "Usage: ... qdisc add ... htb [default N] [r2q N]\n                      [direct_qlen P] [offload]\n default  minor id of class to which unclassified packets are sent {0}\n r2q      DRR quantums are computed as rate in Bps/r2q {10}\n debug    string of 16 numbers each 0-3 {0}\n\n direct_qlen  Limit of the direct queue {in packets}\n offload  enable hardware offload\n... class add ... htb rate R1 [burst B1] [mpu B] [overhead O]\n                      [prio P] [slot S] [pslot PS]\n                      [ceil R2] [cburst B2] [mtu MTU] [quantum Q]\n rate     rate allocated to this class (class can still borrow)\n burst    max bytes burst which can be accumulated during idle period {computed}\n mpu      minimum packet size used in rate computations\n overhead per-packet size overhead used in rate computations\n linklay  adapting to a linklayer e.g. atm\n ceil     definite upper class rate (no borrows) {rate}\n cburst   burst but for ceil {computed}\n mtu      max packet size we create rate map for {1600}\n prio     priority of leaf; lower are served first {0}\n quantum  how much bytes to serve from leaf at once {use r2q}\n\nTC HTB version 3.3\n",
  tbf: "Usage: ... tbf limit BYTES burst BYTES[/BYTES] rate KBPS [ mtu BYTES[/BYTES] ]\n\t[ peakrate KBPS ] [ latency TIME ] [ overhead BYTES ] [ linklayer TYPE ]\n",
  fq_codel: "Usage: ... fq_codel\t[ limit PACKETS ] [ flows NUMBER ]\n[ memory_limit BYTES ]\n[ target TIME ] [ interval TIME ]\n[ quantum BYTES ] [ [no]ecn ]\n[ ce_threshold TIME ]\n[ ce_threshold_selector VALUE/MASK ]\n[ drop_batch SIZE ]\n",
  sfq: "Usage: ... sfq\t[ limit NUMBER ] [ perturb SECS ] [ quantum BYTES ]\n\t\t[ divisor NUMBER ] [ flows NUMBER] [ depth NUMBER ]\n\t\t[ headdrop ]\n\t\t[ redflowlimit BYTES ] [ min BYTES ] [ max BYTES ]\n\t\t[ avpkt BYTES ] [ burst PACKETS ] [ probability P ]\n\t\t[ ecn ] [ harddrop ]\n",
  fq: "Usage: ... fq\t[ limit PACKETS ] [ flow_limit PACKETS ]\n\t\t[ quantum BYTES ] [ initial_quantum BYTES ]\n\t\t[ maxrate RATE  ] [ buckets NUMBER ]\n\t\t[ [no]pacing ] [ refill_delay TIME ]\n\t\t[ low_rate_threshold RATE ]\n\t\t[ orphan_mask MASK]\n\t\t[ timer_slack TIME]\n\t\t[ ce_threshold TIME ]\n\t\t[ horizon TIME ]\n\t\t[ horizon_{cap|drop} ]\n",
  prio: "Usage: ... prio bands NUMBER priomap P1 P2...[multiqueue]\n",
  pfifo: "Usage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n",
  bfifo: "Usage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n",
  pfifo_head_drop: "Usage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n",
};
