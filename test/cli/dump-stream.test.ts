/**
 * The save streams read back (cli/dump-stream.ts) as ip 6.1 reads them, for
 * route, rule and address: a malformed message is reported at ftell's
 * offset (-1 as %lu on a pipe), a truncated one as rtnl_from_file does,
 * and `route restore`, which rewinds stdin between its passes, refuses a
 * pipe ("Failed to restore: ftell: Illegal seek"). Root, one throwaway
 * namespace, stdin given as a file and as a pipe to ip and to ours: the same
 * status and stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeKernel, tempNetns } from "../helpers/netns.ts";

const BIN = fileURLToPath(new URL("../../cli/bun-netlink", import.meta.url));
const MAGIC = { route: 0x45311224, rule: 0x71706986, address: 0x47361222 } as const;

/** The magic, then one nlmsghdr claiming `len` bytes (5: malformed; 40: longer than the stream). */
function stream(magic: number, len: number): Uint8Array {
  const b = new Uint8Array(20);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, magic, true);
  dv.setUint32(4, len, true);
  dv.setUint16(8, 24, true);
  return b;
}

function run(cmd: string[], stdin: Uint8Array | string): { code: number; err: string } {
  // a string is a file's path (stdin seekable), bytes go through a pipe
  const r = Bun.spawnSync({ cmd, stdin: typeof stdin === "string" ? Bun.file(stdin) : stdin, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, err: r.stderr.toString() };
}

describeKernel("save streams read back as ip reads them", () => {
  it("malformed and truncated messages, file and pipe, restore and showdump", () => {
    using ns = tempNetns();
    const dir = mkdtempSync(join(tmpdir(), "bnl-dump-"));
    try {
      for (const [object, magic] of Object.entries(MAGIC)) {
        for (const len of [5, 40]) {
          const bytes = stream(magic, len);
          const file = join(dir, `${object}-${len}`);
          writeFileSync(file, bytes);
          for (const cmd of object === "rule" ? ["restore"] : ["restore", "showdump"]) {
            for (const input of [file, bytes]) {
              const args = ["-n", ns.name, object, cmd];
              const ctx = `${object} ${cmd} len=${len} ${typeof input === "string" ? "file" : "pipe"}`;
              expect(run([process.execPath, BIN, ...args], input), ctx).toEqual(run(["ip", ...args], input));
            }
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
