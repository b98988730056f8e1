/**
 * Lines an action's parser writes to stderr without failing (m_skbmod.c's
 * "dst MAC address <...>"): kept until the command prints them, before its
 * request's outcome, or in front of its parse error (tc prints them as it
 * reads the words).
 */
let notes = "";

/** Keep a line (newline included) for stderr. */
export function noteAction(text: string): void {
  notes += text;
}

/** The lines kept since the last call, and forget them. */
export function takeActionNotes(): string {
  const t = notes;
  notes = "";
  return t;
}
