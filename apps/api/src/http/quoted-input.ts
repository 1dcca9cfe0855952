// Client input quoted in an error message ("No task with id …", "Content-Type … is not
// supported"). It is cut to a short prefix and marked, so the error filter can decide what
// of it leaves: for an authenticated request the redaction rules run over it, otherwise it is
// not shown at all (no pattern work for requests that proved nothing).
const OPEN = '\u2068'; // FIRST STRONG ISOLATE
const CLOSE = '\u2069'; // POP DIRECTIONAL ISOLATE
const QUOTED = /\u2068[^\u2068\u2069]*\u2069/g;

/** Longest stretch of client input a message quotes. */
export const MAX_QUOTE_LENGTH = 200;

export function quoteInput(value: string): string {
  const clean = value.replace(/[\u2068\u2069]/g, '');
  const cut = clean.length > MAX_QUOTE_LENGTH ? `${clean.slice(0, MAX_QUOTE_LENGTH)}…` : clean;
  return `${OPEN}${cut}${CLOSE}`;
}

/** The message as an authenticated client sees it: quotes kept, marks gone. */
export function unmarkQuotes(message: string): string {
  return message.replace(/[\u2068\u2069]/g, '');
}

/** The message as an unauthenticated client sees it: every quote replaced. */
export function hideQuotes(message: string): string {
  return message.replace(QUOTED, '(not shown)').replace(/[\u2068\u2069]/g, '');
}
