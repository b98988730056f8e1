/**
 * The exec helper (exec-helper.ts) as one self-contained ES module, for
 * programs where that file is not on disk: `npm run build` replaces this
 * module in dist/ with the bundled helper (a string), so bundles and
 * `bun build --compile` binaries made from the published package carry it.
 * In the repository's sources it is null and the helper file itself runs.
 */
export const EXEC_HELPER_SOURCE: string | null = null;
