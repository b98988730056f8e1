// Run by `node` in the consumer project (test/pack/consumer.test.ts): decode every
// RTM_NEWLINK the kernel sent in a captured fixture with bun-netlink/codecs from the
// installed package's dist/, encode it again, and compare the bytes.
// usage: node node-codecs.mjs <fixture.json>  -> one JSON line {messages, identical, firstDifference}
import { readFileSync } from "node:fs";
import { link, NlWriter, splitMessages } from "bun-netlink/codecs";

const RTM_NEWLINK = 16;
const fixture = JSON.parse(readFileSync(process.argv[2], "utf8"));
let messages = 0;
let identical = 0;
let firstDifference = null;
for (const ex of fixture.exchanges) {
  for (const hex of ex.recv) {
    const datagram = Uint8Array.from(Buffer.from(hex, "hex"));
    for (const m of splitMessages(datagram)) {
      if (m.type !== RTM_NEWLINK) continue;
      messages++;
      const decoded = link.linkMessage.decode(m.buf, m.dv, m.payload, m.end);
      const w = new NlWriter();
      link.linkMessage.encode(w, decoded);
      const again = Buffer.from(w.view());
      if (again.equals(Buffer.from(m.buf.subarray(m.payload, m.end)))) identical++;
      else firstDifference ??= hex;
    }
  }
}
console.log(JSON.stringify({ runtime: `node ${process.version}`, bun: typeof globalThis.Bun, messages, identical, firstDifference }));
