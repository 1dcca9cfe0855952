// JSON values written one after another with or without whitespace between them, as Splunk
// HEC clients batch events: `{"event":"a"}{"event":"b"}`. Split by scanning for where each
// top-level object closes (outside strings), then each piece is parsed on its own.
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../record-limits';

export type ConcatenatedValue = { value: unknown } | { error: string };

/** Each top-level object's text; a piece that is not an object, or is cut off, ends the list with an error. */
export function splitConcatenatedObjects(text: string): ConcatenatedValue[] {
  const values: ConcatenatedValue[] = [];
  let at = 0;
  while (true) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (at >= text.length) return values;
    if (text[at] !== '{') return [...values, { error: `expected an object at offset ${at}` }];
    const end = objectEnd(text, at);
    if (end === undefined) return [...values, { error: `the object at offset ${at} is not closed` }];
    values.push(parsed(text.slice(at, end)));
    at = end;
  }
}

/** The offset just past the object that opens at `start`, or undefined if it never closes. */
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function parsed(piece: string): ConcatenatedValue {
  if (jsonDepthExceeds(piece, MAX_JSON_DEPTH)) return { error: `an event nests JSON more than ${MAX_JSON_DEPTH} levels deep` };
  try {
    return { value: JSON.parse(piece) as unknown };
  } catch {
    return { error: 'an event is not valid JSON' };
  }
}
