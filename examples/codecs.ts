// The pure codecs run anywhere (no root, no bun:ffi): decode kernel bytes, encode them back.
import { link, splitMessages, NlWriter } from "bun-netlink/codecs";

// An RTM_NEWLINK for "lo" as a kernel sends it, cut down to three attributes.
const hex =
  "38000000" + "1000" + "0200" + "01000000" + "a0860100" + // nlmsghdr: len 56, RTM_NEWLINK, NLM_F_MULTI, seq 1, pid 100000
  "00" + "00" + "0403" + "01000000" + "49000100" + "00000000" + // ifinfomsg: ARPHRD_LOOPBACK (772), index 1, UP|LOOPBACK|RUNNING|LOWER_UP
  "0700" + "0300" + "6c6f0000" + // IFLA_IFNAME "lo\0" (+1 pad byte)
  "0800" + "0400" + "00000100" + // IFLA_MTU 65536
  "0500" + "1000" + "00000000"; // IFLA_OPERSTATE 0 = UNKNOWN (+3 pad bytes)
const datagram = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

for (const m of splitMessages(datagram)) {
  const msg = link.linkMessage.decode(m.buf, m.dv, m.payload, m.end);
  console.log(msg.index, msg.type, msg.flags, msg.attrs);
  // -> 1 772 [ "UP", "LOOPBACK", "RUNNING", "LOWER_UP" ] { ifname: "lo", mtu: 65536, operstate: "UNKNOWN" }

  const w = new NlWriter();
  link.linkMessage.encode(w, msg); // lossless: the same payload bytes again
  console.log(Buffer.from(w.view()).equals(m.buf.subarray(m.payload, m.end))); // true
}
