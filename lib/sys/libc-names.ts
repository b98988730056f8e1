/**
 * Which C library to dlopen (glibc or musl) and how to report that none
 * loads. No imports and no dlopen of its own: libc.ts binds the full symbol
 * set at load, early-socket.ts the few symbols `monitor` needs before the
 * rest of the program loads.
 */

/** Machine names in musl's loader file names (ld-musl-<arch>.so.1). */
const MUSL_ARCH: Record<string, string> = {
  x64: "x86_64",
  arm64: "aarch64",
  arm: "armhf",
  ia32: "i386",
  riscv64: "riscv64",
  s390x: "s390x",
  ppc64: "powerpc64le",
};

/**
 * The C library names tried, in order: glibc's soname, then musl's (Alpine
 * installs libc.musl-<arch>.so.1 as a link to its loader, which is the library).
 */
export function libcCandidates(arch: string = process.arch): string[] {
  const m = MUSL_ARCH[arch] ?? arch;
  return ["libc.so.6", `libc.musl-${m}.so.1`, `/lib/ld-musl-${m}.so.1`, "libc.so"];
}

/**
 * dlopen the first of `names` that loads. When none does, one Error names
 * every attempt and says what bun-netlink needs (Linux with glibc or musl).
 */
export function openLibc<T>(names: readonly string[], open: (name: string) => T): T {
  const failures: string[] = [];
  for (const name of names) {
    try {
      return open(name);
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(
    `bun-netlink: cannot load the C library (it needs Linux with glibc or musl); tried ${failures.join("; ")}`,
  );
}
