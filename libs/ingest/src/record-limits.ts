// What a record may hold and still be kept whole. The redactor cuts longer strings and replaces
// deeper nesting (it must bound its work), so a record past either limit is refused at the door
// with the place named, rather than accepted with a 202 and stored altered.
import { BUILTIN_RULES, REDACTION_LIMITS, Redactor } from '@app/redaction';
import { randomBytes } from 'node:crypto';
import type { LogContent } from '@app/logs';

/** JSON nesting a request may have at all: records plus the envelopes they come in (batches, OTLP). */
export const MAX_JSON_DEPTH = REDACTION_LIMITS.maxDepth + 16;

/** Why the redactor could not keep this content whole (the first place too long or too deep), if it could not. */
export function recordLimitProblem(content: LogContent): string | undefined {
  return findOverLimit(content, '$', 0);
}

function findOverLimit(node: unknown, path: string, depth: number): string | undefined {
  if (typeof node === 'string') {
    return node.length > REDACTION_LIMITS.maxStringLength
      ? `${shortPath(path)} is ${node.length} characters long; a string may hold at most ${REDACTION_LIMITS.maxStringLength}`
      : undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  if (depth >= REDACTION_LIMITS.maxDepth) return `${shortPath(path)} is nested ${depth} levels deep; a record may nest at most ${REDACTION_LIMITS.maxDepth - 1}`;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const problem = findOverLimit(node[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(node)) {
    const step = /^[A-Za-z_][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    const problem = findOverLimit((node as Record<string, unknown>)[key], path + step, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Paths name client keys, which can hold anything an email or a token can: they pass the built-in rules. */
let pathRedactor: Redactor | undefined;

/** A path as an error names it: cut short and redacted (it goes back in a 400, or in a 202's `errors`). */
function shortPath(path: string): string {
  const cut = path.length > 120 ? `${path.slice(0, 117)}...` : path;
  pathRedactor ??= new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'err', secret: randomBytes(32) } });
  return pathRedactor.redact(cut).value;
}

/** Deepest nesting of `[` and `{` in JSON text, counted without parsing: stops early past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}
