/**
 * IPv4/IPv6 address and prefix parsing and formatting (codecs/ip), as the
 * library's inputs and the model's strings spell them; re-exported here for
 * the CLI and for users.
 *
 *   parseIP("2001:db8::1");          // { family: 10, bytes: Uint8Array(16) }
 *   formatIP(bytes, 0, bytes.length); // "2001:db8::1"
 */
export { formatIP, parseIP } from "../codecs/ip/index.ts";
