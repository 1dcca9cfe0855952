// Which of a chunk's lines may hold a match, told before they are parsed (parsing is most of
// what opening a chunk costs). A line is its record as JSON.stringify wrote it: a string value
// appears escaped as JSON escapes it, one code unit at a time, so a piece of a value appears in
// the line escaped the same way; a number appears as String(n), a boolean as its word. A line
// without the query's needles cannot match; a line with them is parsed and matched in full
// (matchesLogQuery), so a needle found elsewhere in the line costs only a parse.
import type { LineFilter } from '@app/logs';
import type { LogQuery } from './log-query';
import { attributeCandidates } from './log-query.filter';

/** A string as it appears inside a JSON string; undefined when it holds a surrogate (escaped alone, written as is in a pair). */
function escaped(value: string): string | undefined {
  if (/[\uD800-\uDFFF]/.test(value)) return undefined;
  return JSON.stringify(value).slice(1, -1);
}

/** Lower case with Greek final sigma folded: the one lower-casing that depends on neighbours, and a line's differ (`\nΣ` is read `nΣ`). */
const folded = (text: string) => text.toLowerCase().replace(/ς/g, 'σ');

/** A test of lines for the query's text and attribute values; undefined when it has none to test. */
export function lineFilterOf(query: Pick<LogQuery, 'text' | 'attributes'>): LineFilter | undefined {
  const tests: LineFilter[] = [];
  const text = query.text ? escaped(folded(query.text)) : undefined;
  if (text) tests.push((line) => folded(line).includes(text));
  for (const { value } of query.attributes) {
    const needles = attributeCandidates(value).map((candidate) => (typeof candidate === 'string' ? escaped(candidate) : String(candidate)));
    if (needles.every((needle): needle is string => needle !== undefined)) tests.push((line) => needles.some((needle) => line.includes(needle)));
  }
  return tests.length === 0 ? undefined : (line) => tests.every((test) => test(line));
}
