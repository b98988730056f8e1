/**
 * Where the command line reads and writes. `main(argv, io)` takes an Io so
 * tests run it in-process and capture both streams; the bin uses
 * `processIo()`, which writes synchronously to fds 1 and 2.
 */
import { writeFd } from "../lib/sys/fileio.ts";
import { steadyJit } from "./launch.ts";

/** The streams of one run. */
export interface Io {
  /** Write to standard output. */
  out(s: string): void;
  /** Write UTF-8 bytes to standard output (big outputs made as bytes); absent: they go through `out`. */
  outBytes?(b: Uint8Array): void;
  /** Write to standard error. */
  err(s: string): void;
  /** All of standard input (for `-batch -`). */
  readStdin(): string;
  /** Set when the run may end (monitor stops when it aborts); absent means never. */
  signal?: AbortSignal;
  /** True when the streams are this process's own fds 0-2 (`netns exec` then hands them to the program, as ip does). */
  processStdio?: boolean;
}

let utf8: TextEncoder | undefined;

function writeAll(fd: number, s: string | Uint8Array): void {
  // TextEncoder, not Buffer.from: making a Buffer from a string costs a one-shot command ~0.3 M instructions more
  const buf = typeof s === "string" ? (utf8 ??= new TextEncoder()).encode(s) : s;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeFd(fd, buf, off, buf.length - off); // write(2) itself: node:fs is not loaded on a command's start
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EAGAIN") continue;
      if (code === "EPIPE") return; // reader went away, like ip under `| head`
      throw e;
    }
  }
}

/** Output after which a run counts as long (launch.ts: the JIT policy goes back to normal). */
const LONG_OUTPUT = 64 << 10;

/** The process's own stdin/stdout/stderr. */
export function processIo(): Io {
  let written = 0;
  const counted = (n: number): void => {
    if (written < LONG_OUTPUT && (written += n) >= LONG_OUTPUT) steadyJit();
  };
  return {
    out: (s) => { if (s.length > 0) { counted(s.length); writeAll(1, s); } },
    outBytes: (b) => { if (b.length > 0) { counted(b.length); writeAll(1, b); } },
    err: (s) => { if (s.length > 0) writeAll(2, s); },
    readStdin: () => process.getBuiltinModule("node:fs").readFileSync(0, "utf8"),
    processStdio: true,
  };
}

/** An Io that keeps everything in memory (tests, embedding). */
export function memoryIo(stdin = ""): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(s: string) { io.stdout += s; },
    outBytes(b: Uint8Array) { io.stdout += new TextDecoder().decode(b); },
    err(s: string) { io.stderr += s; },
    readStdin: () => stdin,
  };
  return io;
}
