/**
 * A hint for the code the codecs generate at run time (attribute-set
 * shapes, whole structs, named arrays): a function the runtime layer may
 * install to pass each generated function to its JIT. The codecs stay
 * free of any runtime's modules; lib/sys/jit.ts installs JavaScriptCore's
 * `noFTL` under Bun. Generated decoders are straight-line code that calls
 * many fields: the top tier (FTL) inlines all of them and compiled one
 * link decoder for ~0.7 s of a compiler thread, far more CPU than a
 * 100k-request run spends decoding; the DFG compiles it in ~0.1 s.
 */

/** The installed hint, if any. */
let hint: ((f: (...args: never[]) => unknown) => void) | undefined;

/** Install (or with undefined remove) the hint every generated function is passed to. */
export function setGeneratedCodeHint(h: ((f: (...args: never[]) => unknown) => void) | undefined): void {
  hint = h;
}

/** Pass a generated function to the installed hint and return it. */
export function generated<F extends (...args: never[]) => unknown>(f: F): F {
  hint?.(f);
  return f;
}
