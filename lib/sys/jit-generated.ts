/**
 * The JIT hint for decoders the codecs generate at run time
 * (codecs/core/jit-hint.ts): under Bun each one is kept out of
 * JavaScriptCore's top tier with bun:jsc `noFTL`, as lib/sys/jit.ts does
 * for bulk route code. bun:jsc is loaded with the first generated decoder,
 * which a one-shot command that decodes few objects never makes.
 */
import { setGeneratedCodeHint } from "../../codecs/core/jit-hint.ts";

type Fn = (...args: never[]) => unknown;
let noFTL: ((f: Fn) => unknown) | undefined;

/** Install the hint (idempotent). */
export function hintGeneratedCode(): void {
  setGeneratedCodeHint((f) => {
    noFTL ??= (require("bun:jsc") as { noFTL(f: Fn): unknown }).noFTL;
    noFTL(f);
  });
}
