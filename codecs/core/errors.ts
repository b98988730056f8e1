/**
 * Thrown by every decoder for malformed bytes: a length that lies, a
 * truncated header, an attribute shorter than its type needs, nesting past
 * the end of its parent. `path` names what was being decoded (for example
 * `link.attrs.linkinfo.data`) and `offset` is the byte offset in the buffer
 * handed to the decoder.
 */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly offset: number,
  ) {
    super(`${path}: ${reason} at byte ${offset}`);
  }
}
