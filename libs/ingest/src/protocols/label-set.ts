// A Prometheus label set as Loki's protobuf push writes a stream's labels:
// `{job="api", level="warn", path="C:\\logs"}`. Values are double-quoted with Go's escapes.
import { setOwn } from '@app/logs';

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };

/** The labels as an object; throws Error (with no label text in its message) when the set is malformed. */
export function parseLabelSet(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = skipSpace(text, 0);
  if (text[at] !== '{') throw new Error('a label set starts with {');
  at = skipSpace(text, at + 1);
  while (text[at] !== '}') {
    const name = NAME.exec(text.slice(at))?.[0];
    if (!name) throw new Error(`expected a label name at offset ${at}`);
    at = skipSpace(text, at + name.length);
    if (text[at] !== '=') throw new Error(`expected = at offset ${at}`);
    at = skipSpace(text, at + 1);
    if (text[at] !== '"') throw new Error(`expected a quoted value at offset ${at}`);
    let value = '';
    for (at++; text[at] !== '"'; at++) {
      if (at >= text.length) throw new Error('unterminated label value');
      if (text[at] === '\\') {
        const escaped = ESCAPES[text[at + 1]];
        if (escaped === undefined) throw new Error(`unknown escape at offset ${at}`);
        value += escaped;
        at++;
      } else value += text[at];
    }
    setOwn(labels, name, value);
    at = skipSpace(text, at + 1);
    if (text[at] === ',') at = skipSpace(text, at + 1);
    else if (text[at] !== '}') throw new Error(`expected , or } at offset ${at}`);
  }
  if (skipSpace(text, at + 1) !== text.length) throw new Error('text after the label set');
  return labels;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}
