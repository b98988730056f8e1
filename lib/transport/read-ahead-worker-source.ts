/**
 * The read-ahead worker (read-ahead-worker.ts) as one self-contained ES
 * module, for programs where that file is not on disk: `npm run build`
 * replaces this module in dist/ with the bundled worker (a string), so
 * bundles and `bun build --compile` binaries made from the published
 * package start it from a Blob URL. In the repository's sources it is null
 * and the worker file itself is loaded.
 */
export const READ_AHEAD_WORKER_SOURCE: string | null = null;
