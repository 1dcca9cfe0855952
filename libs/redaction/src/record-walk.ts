// The two passes over a record. The first collects every string the pattern rules must see
// (values, keys, large numbers) and the fields whose names redact them whole; the second,
// run only when something changed, rebuilds the record with the results. Both visit the same
// things in the same order, so the n-th text of one is the n-th text of the other.
import type { FieldRule } from './rule';

/** A key that is scanned: the path shows it as redacted, which is known only after the scan. */
export interface KeyStep {
  key: string;
  text: number;
}

/** A JSONPath built only when a finding or a scope needs it: parent and the last step. */
export interface PathNode {
  parent: PathNode | undefined;
  step: string | number | KeyStep;
}

export interface WalkLimits {
  /** Strings longer than this are scanned only up to it, and the rest replaced. */
  maxStringLength: number;
  /** Nesting deeper than this is replaced whole. */
  maxDepth: number;
  /** Shortest text a pattern rule can match: shorter keys are not collected. */
  minTextLength: number;
  /** Whether numbers are scanned at all (only when a rule can match short digit runs, all are). */
  scansSmallNumbers: boolean;
  /** The field rule that redacts `container[key]` whole, if any. */
  fieldRuleFor(key: string, path: PathNode, value: unknown, container: object): FieldRule | undefined;
}

export interface CollectedText {
  text: string;
  path: PathNode;
  /** Characters cut off beyond maxStringLength. */
  cut: number;
}

/** A whole value replaced without scanning: by a field rule, or for nesting too deep. */
export interface WholeValue {
  path: PathNode;
  rule: FieldRule | 'max-depth';
}

export const NESTING_TOO_DEEP = '[TRUNCATED:nesting too deep]';

export function collectTexts(value: unknown, root: PathNode, limits: WalkLimits): { texts: CollectedText[]; whole: Map<number, WholeValue> } {
  const texts: CollectedText[] = [];
  // Keyed by the order in which objects' keys and containers are visited, for the rebuild.
  const whole = new Map<number, WholeValue>();
  let visit = 0;
  const addText = (text: string, path: PathNode): number => {
    const cut = Math.max(0, text.length - limits.maxStringLength);
    texts.push({ text: cut > 0 ? text.slice(0, limits.maxStringLength) : text, path, cut });
    return texts.length - 1;
  };
  const walk = (node: unknown, path: PathNode, depth: number): void => {
    if (typeof node === 'string') {
      addText(node, path);
    } else if (typeof node === 'number' || typeof node === 'bigint') {
      if (scansNumber(node, limits)) addText(String(node), path);
    } else if (node !== null && typeof node === 'object') {
      const at = visit++;
      if (depth >= limits.maxDepth) {
        whole.set(at, { path, rule: 'max-depth' });
      } else if (Array.isArray(node)) {
        node.forEach((item, index) => walk(item, { parent: path, step: index }, depth + 1));
      } else {
        for (const key in node) {
          if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
          const keyAt = visit++;
          const step = key.length < limits.minTextLength ? key : { key, text: addText(key, { parent: path, step: '~key' }) };
          const childPath: PathNode = { parent: path, step };
          const child = (node as Record<string, unknown>)[key];
          const rule = limits.fieldRuleFor(key, childPath, child, node);
          if (rule) whole.set(keyAt, { path: childPath, rule });
          else walk(child, childPath, depth + 1);
        }
      }
    }
  };
  walk(value, root, 0);
  return { texts, whole };
}

/**
 * The record again, with each collected text replaced by `textOut(n)` (undefined: unchanged)
 * and each whole value by `wholeOut`. Objects are rebuilt on null prototypes' terms: own keys only.
 */
export function rebuildRecord(
  value: unknown,
  limits: WalkLimits,
  whole: ReadonlyMap<number, WholeValue>,
  textOut: (index: number) => string | undefined,
  wholeOut: (entry: WholeValue, original: unknown) => unknown,
): unknown {
  let visit = 0;
  let textIndex = 0;
  const nextText = (original: string): string => {
    const out = textOut(textIndex++);
    return out ?? original;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return nextText(node);
    if (typeof node === 'number' || typeof node === 'bigint') {
      if (!scansNumber(node, limits)) return node;
      const text = String(node);
      const out = nextText(text);
      return out === text ? node : out;
    }
    if (node === null || typeof node !== 'object') return node;
    const at = visit++;
    const cut = whole.get(at);
    if (cut) return wholeOut(cut, node);
    if (Array.isArray(node)) return node.map(walk);
    const out: Record<string, unknown> = {};
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const keyAt = visit++;
      const outKey = key.length < limits.minTextLength ? key : nextText(key);
      const child = (node as Record<string, unknown>)[key];
      const field = whole.get(keyAt);
      // Defined, not assigned: a client's `__proto__` key is data, and assigning it would set the prototype.
      Object.defineProperty(out, outKey, { value: field ? wholeOut(field, child) : walk(child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value);
}

/** Card and phone numbers arrive as JSON numbers too; no built-in matches one under seven digits. */
function scansNumber(value: number | bigint, limits: WalkLimits): boolean {
  return limits.scansSmallNumbers || Math.abs(Number(value)) >= 1e6;
}

/** `$.a.b[0]["odd key"]`; a key scanned for values is labelled `<object path>~key`. */
export function formatPath(node: PathNode, keyText: (step: KeyStep) => string = (step) => step.key): string {
  const steps: Array<PathNode['step']> = [];
  for (let n: PathNode | undefined = node; n; n = n.parent) steps.push(n.step);
  steps.reverse();
  let out = String(steps[0]);
  for (const raw of steps.slice(1)) {
    const step = typeof raw === 'object' ? keyText(raw) : raw;
    if (typeof step === 'number') out += `[${step}]`;
    else if (step === '~key') out += '~key';
    else out += /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  }
  return out;
}
