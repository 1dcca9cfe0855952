// Turns a rule definition into the functions the detector runs per record. Patterns run in
// RE2 (linear time: a rule can never hang a worker); anything malformed is a RuleError naming
// the problem.
import RE2 from 're2';
import { CONDITION_OPERATORS, MAX_GROUP_BY, SEVERITIES, type Condition, type DetectionRuleDefinition } from './detection-rule';
import { DERIVED_VALUES, FIELD_ALIASES } from './field-aliases';

export class DetectionRuleError extends Error {}

/** What the detector reads from a record (before redaction: raw values never leave the worker). */
export interface DetectableRecord {
  level?: string;
  service?: string;
  message?: string;
  attributes?: Record<string, unknown>;
}

export interface CompiledDetectionRule {
  definition: DetectionRuleDefinition;
  matches(record: DetectableRecord): boolean;
  /** The group key's values, or null when the record lacks one. */
  groupValues(record: DetectableRecord): string[] | null;
  /** count: 1; sum: the amount; distinct: the value. Null when the record lacks it. */
  contribution(record: DetectableRecord): { amount: number } | { distinct: string } | null;
}

const FIELD = /^(level|service|message|attributes(\.[^.\s$]{1,64}){1,8})$/;
const MAX_WINDOW_SECONDS = 7 * 24 * 3600;

/**
 * A field as a rule names it. Fields with common spellings (FIELD_ALIASES) answer with the
 * first holding a plain value, or a value derived from several fields (DERIVED_VALUES).
 */
export function readField(record: DetectableRecord, field: string): unknown {
  if (field === 'level' || field === 'service' || field === 'message') return record[field];
  const aliases = FIELD_ALIASES[field];
  if (aliases) {
    // The name as written first, then what several fields together say (an ECS outcome beats
    // its `event.action`), then the other spellings.
    const [own, ...others] = aliases;
    const value = readPath(record, own);
    if (isPlain(value)) return value;
    for (const derived of DERIVED_VALUES) {
      if (derived.field === field && derived.when.every(({ path, is }) => holds(readPath(record, path), is))) return derived.value;
    }
    for (const alias of others) {
      const aliased = readPath(record, alias);
      if (isPlain(aliased)) return aliased;
    }
  }
  return readPath(record, field);
}

/** `attributes.a.b`: through nested objects, or a literal dotted key at any level (ECS writes `"user.name"`). */
function readPath(record: DetectableRecord, field: string): unknown {
  const keys = field.split('.').slice(1);
  const walk = (node: unknown, from: number): unknown => {
    if (from === keys.length) return node;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    for (let to = keys.length; to > from; to--) {
      const key = keys.slice(from, to).join('.');
      if (Object.prototype.hasOwnProperty.call(node, key)) {
        const found = walk((node as Record<string, unknown>)[key], to);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(record.attributes, 0);
}

const isPlain = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
/** A value equals `is`, or is a list that includes it (ECS `event.category` is a list). */
const holds = (value: unknown, is: string) => value === is || (Array.isArray(value) && value.includes(is));

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

function compileCondition(condition: Condition, index: number): (record: DetectableRecord) => boolean {
  const where = `match[${index}]`;
  if (!FIELD.test(condition.field ?? '')) throw new DetectionRuleError(`${where}.field must be level, service, message or attributes.<path>`);
  if (!CONDITION_OPERATORS.includes(condition.op)) throw new DetectionRuleError(`${where}.op must be one of ${CONDITION_OPERATORS.join(', ')}`);
  const { field, op, value } = condition;
  const read = (record: DetectableRecord) => readField(record, field);
  switch (op) {
    case 'exists':
      if (value !== undefined && value !== true) throw new DetectionRuleError(`${where}.value must be absent (or true) for exists`);
      return (r) => read(r) !== undefined && read(r) !== null;
    case 'eq': {
      if (scalar(value) === undefined) throw new DetectionRuleError(`${where}.value must be a string, number or boolean`);
      return (r) => scalar(read(r)) === scalar(value);
    }
    case 'in': {
      if (!Array.isArray(value) || value.length === 0 || value.length > 100 || !value.every((v) => scalar(v) !== undefined)) {
        throw new DetectionRuleError(`${where}.value must be a list of 1-100 strings or numbers`);
      }
      const options = new Set(value.map((v) => scalar(v)));
      return (r) => options.has(scalar(read(r)));
    }
    case 'prefix': {
      if (typeof value !== 'string' || value.length === 0) throw new DetectionRuleError(`${where}.value must be a non-empty string`);
      return (r) => scalar(read(r))?.startsWith(value) ?? false;
    }
    case 'gt':
    case 'lt': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new DetectionRuleError(`${where}.value must be a number`);
      return (r) => {
        const actual = Number(read(r));
        return read(r) !== undefined && read(r) !== null && read(r) !== '' && Number.isFinite(actual) && (op === 'gt' ? actual > value : actual < value);
      };
    }
    case 'regex': {
      if (typeof value !== 'string' || value.length === 0 || value.length > 1000) throw new DetectionRuleError(`${where}.value must be a pattern of 1-1000 characters`);
      let pattern: RE2;
      try {
        pattern = new RE2(value, 'u');
      } catch (error) {
        throw new DetectionRuleError(`${where}.value is not a pattern RE2 accepts: ${(error as Error).message}`);
      }
      return (r) => {
        const actual = scalar(read(r));
        return actual !== undefined && pattern.test(actual);
      };
    }
  }
}

/** Amounts a sum counts: past a trillion, a value is an attack or a unit error, not a transaction. */
export const MAX_SUM_AMOUNT = 1e12;

export function compileRule(definition: DetectionRuleDefinition): CompiledDetectionRule {
  const { match, groupBy, aggregate, threshold, windowSeconds, suppressSeconds, severity } = definition;
  if (!Array.isArray(match) || match.length === 0 || match.length > 20) throw new DetectionRuleError('match must hold 1-20 conditions');
  if (!Array.isArray(groupBy) || groupBy.length > MAX_GROUP_BY || !groupBy.every((f) => FIELD.test(f))) {
    throw new DetectionRuleError(`groupBy must list up to ${MAX_GROUP_BY} fields (level, service, message or attributes.<path>)`);
  }
  if (!SEVERITIES.includes(severity)) throw new DetectionRuleError(`severity must be one of ${SEVERITIES.join(', ')}`);
  if (!['count', 'distinct', 'sum'].includes(aggregate?.kind)) throw new DetectionRuleError('aggregate.kind must be count, distinct or sum');
  if (aggregate.kind !== 'count' && !FIELD.test(aggregate.field ?? '')) throw new DetectionRuleError(`aggregate.field is required for ${aggregate.kind}: level, service, message or attributes.<path>`);
  if (!['gte', 'gt'].includes(threshold?.op) || typeof threshold.value !== 'number' || !Number.isFinite(threshold.value)) {
    throw new DetectionRuleError('threshold must be {op: gte|gt, value: <number>}');
  }
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) throw new DetectionRuleError(`windowSeconds must be 1-${MAX_WINDOW_SECONDS}`);
  if (!Number.isInteger(suppressSeconds) || suppressSeconds < 1 || suppressSeconds > MAX_WINDOW_SECONDS) throw new DetectionRuleError(`suppressSeconds must be 1-${MAX_WINDOW_SECONDS}`);
  const conditions = match.map(compileCondition);
  return {
    definition,
    matches: (record) => conditions.every((condition) => condition(record)),
    groupValues(record) {
      const values = groupBy.map((field) => scalar(readField(record, field)));
      return values.every((v): v is string => v !== undefined && v !== '') ? values : null;
    },
    contribution(record) {
      if (aggregate.kind === 'count') return { amount: 1 };
      const value = readField(record, aggregate.field);
      if (aggregate.kind === 'sum') {
        const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        // Bounded, so no window's sum can overflow to infinity (`1e308` twice) whatever clients send.
        return Number.isFinite(amount) && Math.abs(amount) <= MAX_SUM_AMOUNT ? { amount } : null;
      }
      const distinct = scalar(value);
      return distinct === undefined || distinct === '' ? null : { distinct };
    },
  };
}

/** Whether `value` passes the rule's threshold. */
export const crossesThreshold = (value: number, { op, value: limit }: DetectionRuleDefinition['threshold']) => (op === 'gt' ? value > limit : value >= limit);
