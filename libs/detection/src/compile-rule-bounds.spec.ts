// Rule definitions at their edges, one row each: the limits (a value one past a limit is
// refused, the limit itself taken), each operator's comparison at equality, and what a field
// reads when it is missing, empty or not an object. Written from the mutants that survived
// `npm run test:mutation` on compile-rule.ts.
import { compileRule, crossesThreshold, DetectionRuleError, readField } from './compile-rule';
import { BUILTIN_DETECTION_RULES, type DetectionRuleDefinition } from './detection-rule';

const base: DetectionRuleDefinition = { ...BUILTIN_DETECTION_RULES[0], id: 'bounds', builtin: false };
const WEEK = 7 * 24 * 3600;
const condition = (field: string, op: string, value?: unknown) => ({ field, op, ...(value === undefined ? {} : { value }) }) as DetectionRuleDefinition['match'][number];
const withMatch = (...match: DetectionRuleDefinition['match']) => compileRule({ ...base, match });

describe('rule limits: the limit taken, one past it refused with a message naming it', () => {
  it.each([
    ['windowSeconds', { windowSeconds: 1 }, { windowSeconds: 0 }, /windowSeconds must be 1-604800/],
    ['windowSeconds', { windowSeconds: WEEK }, { windowSeconds: WEEK + 1 }, /windowSeconds must be 1-604800/],
    ['windowSeconds', { windowSeconds: 60 }, { windowSeconds: 1.5 }, /windowSeconds/],
    ['suppressSeconds', { suppressSeconds: 1 }, { suppressSeconds: 0 }, /suppressSeconds must be 1-604800/],
    ['suppressSeconds', { suppressSeconds: WEEK }, { suppressSeconds: WEEK + 1 }, /suppressSeconds must be 1-604800/],
    ['suppressSeconds', { suppressSeconds: 60 }, { suppressSeconds: 2.5 }, /suppressSeconds/],
    ['match', { match: Array.from({ length: 20 }, () => condition('level', 'eq', 'error')) }, { match: Array.from({ length: 21 }, () => condition('level', 'eq', 'error')) }, /match must hold 1-20 conditions/],
    ['match', { match: [condition('level', 'eq', 'error')] }, { match: 'level=error' }, /match must hold/],
    ['groupBy', { groupBy: ['level', 'service', 'attributes.user'] }, { groupBy: ['level', 'service', 'attributes.user', 'message'] }, /groupBy must list up to 3 fields/],
    ['groupBy', { groupBy: [] }, { groupBy: ['attributes.$bad'] }, /groupBy/],
    ['groupBy', { groupBy: ['attributes.user'] }, { groupBy: 'attributes.user' }, /groupBy/],
    ['severity', { severity: 'critical' }, { severity: 'urgent' }, /severity must be one of/],
    ['aggregate', { aggregate: { kind: 'distinct', field: 'attributes.user' } }, { aggregate: { kind: 'median', field: 'attributes.user' } }, /aggregate.kind must be count, distinct or sum/],
    ['aggregate', { aggregate: { kind: 'sum', field: 'attributes.amount' } }, { aggregate: { kind: 'distinct', field: 'attributes.$x' } }, /aggregate.field is required for distinct/],
    ['aggregate', { aggregate: { kind: 'count' } }, { aggregate: undefined }, /aggregate.kind/],
    ['threshold', { threshold: { op: 'gt', value: 0 } }, { threshold: { op: 'lt', value: 5 } }, /threshold must be/],
    ['threshold', { threshold: { op: 'gte', value: 5 } }, { threshold: { op: 'gte', value: '5' } }, /threshold must be/],
    ['threshold', { threshold: { op: 'gte', value: 5 } }, { threshold: { op: 'gte', value: Infinity } }, /threshold must be/],
    ['threshold', { threshold: { op: 'gte', value: 5 } }, { threshold: undefined }, /threshold must be/],
  ] as const)('%s: %j taken, %j refused', (_name, taken, refused, message) => {
    expect(() => compileRule({ ...base, ...(taken as object) } as DetectionRuleDefinition)).not.toThrow();
    expect(() => compileRule({ ...base, ...(refused as object) } as DetectionRuleDefinition)).toThrow(DetectionRuleError);
    expect(() => compileRule({ ...base, ...(refused as object) } as DetectionRuleDefinition)).toThrow(message);
  });

  it.each([
    [condition('level', 'bogus', 'x'), /match\[0\]\.op must be one of/],
    [condition('attributes', 'eq', 'x'), /match\[0\]\.field must be/],
    [condition('attributes.a.b.c.d.e.f.g.h.i', 'eq', 'x'), /match\[0\]\.field/],
    [condition('level', 'exists', false), /match\[0\]\.value must be absent \(or true\) for exists/],
    [condition('level', 'eq', { a: 1 }), /match\[0\]\.value must be a string, number or boolean/],
    [condition('level', 'in', []), /match\[0\]\.value must be a list of 1-100/],
    [condition('level', 'in', Array.from({ length: 101 }, (_, i) => i)), /list of 1-100/],
    [condition('level', 'in', ['a', { b: 1 }]), /list of 1-100/],
    [condition('level', 'in', 'a'), /list of 1-100/],
    [condition('level', 'prefix', ''), /match\[0\]\.value must be a non-empty string/],
    [condition('level', 'prefix', 5), /non-empty string/],
    [condition('level', 'gt', Number.NaN), /match\[0\]\.value must be a number/],
    [condition('level', 'lt', '3'), /must be a number/],
    [condition('message', 'regex', ''), /match\[0\]\.value must be a pattern of 1-1000 characters/],
    [condition('message', 'regex', 'a'.repeat(1001)), /1-1000 characters/],
    [condition('message', 'regex', 5), /1-1000 characters/],
    [condition('message', 'regex', '(unclosed'), /match\[0\]\.value is not a pattern RE2 accepts/],
  ])('refuses %j', (bad, message) => {
    expect(() => withMatch(bad)).toThrow(DetectionRuleError);
    expect(() => withMatch(bad)).toThrow(message);
  });

  it('names the condition that is wrong by its place', () => {
    expect(() => withMatch(condition('level', 'eq', 'x'), condition('level', 'eq', 'y'), condition('level', 'prefix', ''))).toThrow(/^match\[2\]\.value/);
  });

  it.each([
    [condition('level', 'exists', true)],
    [condition('level', 'in', Array.from({ length: 100 }, (_, i) => i))],
    [condition('message', 'regex', 'a'.repeat(1000))],
    [condition('attributes.a.b.c.d.e.f.g.h', 'eq', 'x')],
  ])('takes %j at its limit', (edge) => expect(() => withMatch(edge)).not.toThrow());
});

describe('operators at their edges', () => {
  const record = { level: 'warn', service: '', message: 'abc', attributes: { n: 10, s: '10', blank: '', none: null, flag: true, list: ['a'], nested: { deep: 'v' } } };
  it.each([
    [condition('attributes.n', 'gt', 10), false],
    [condition('attributes.n', 'gt', 9.99), true],
    [condition('attributes.n', 'lt', 10), false],
    [condition('attributes.n', 'lt', 10.01), true],
    [condition('attributes.s', 'gt', 9), true],
    [condition('attributes.blank', 'lt', 1), false],
    [condition('attributes.none', 'lt', 1), false],
    [condition('attributes.missing', 'lt', 1), false],
    [condition('attributes.flag', 'lt', 2), true],
    [condition('message', 'gt', 0), false],
    [condition('attributes.none', 'exists'), false],
    [condition('attributes.blank', 'exists'), true],
    [condition('attributes.nested.deep', 'exists'), true],
    [condition('attributes.n', 'eq', '10'), true],
    [condition('attributes.flag', 'eq', 'true'), true],
    [condition('attributes.list', 'eq', 'a'), false],
    [condition('attributes.n', 'in', [9, 10]), true],
    [condition('attributes.n', 'in', ['11']), false],
    [condition('attributes.missing', 'in', ['undefined']), false],
    [condition('message', 'prefix', 'abc'), true],
    [condition('message', 'prefix', 'abcd'), false],
    [condition('attributes.n', 'prefix', '1'), true],
    [condition('attributes.nested', 'prefix', '[object'), false],
    [condition('attributes.n', 'regex', '^10$'), true],
    [condition('attributes.nested', 'regex', 'object'), false],
    [condition('service', 'eq', ''), true],
  ])('%j → %s', (edge, expected) => expect(withMatch(edge).matches(record)).toBe(expected));

  it('matches only when every condition does', () => {
    const rule = withMatch(condition('level', 'eq', 'warn'), condition('message', 'prefix', 'x'));
    expect(rule.matches(record)).toBe(false);
    expect(withMatch(condition('level', 'eq', 'warn'), condition('message', 'prefix', 'a')).matches(record)).toBe(true);
  });

  it('crosses a threshold at the limit for gte, past it for gt', () => {
    expect(crossesThreshold(5, { op: 'gte', value: 5 })).toBe(true);
    expect(crossesThreshold(4, { op: 'gte', value: 5 })).toBe(false);
    expect(crossesThreshold(5, { op: 'gt', value: 5 })).toBe(false);
    expect(crossesThreshold(6, { op: 'gt', value: 5 })).toBe(true);
  });
});

describe('reading fields', () => {
  it.each([
    [{ attributes: { a: { b: 1 } } }, 'attributes.a.b', 1],
    [{ attributes: { 'a.b': 2 } }, 'attributes.a.b', 2],
    [{ attributes: { a: { 'b.c': 3 } } }, 'attributes.a.b.c', 3],
    [{ attributes: { a: [{ b: 1 }] } }, 'attributes.a.b', undefined],
    [{ attributes: { a: null } }, 'attributes.a.b', undefined],
    [{ attributes: { a: 'text' } }, 'attributes.a.b', undefined],
    [{ attributes: { 'a.b': undefined, a: { b: 4 } } }, 'attributes.a.b', 4],
    [{}, 'attributes.a', undefined],
    [{ level: 'info' }, 'level', 'info'],
    [{ attributes: { level: 'x' } }, 'level', undefined],
  ])('%j reads %s as %j', (record, field, expected) => expect(readField(record, field)).toBe(expected));

  it('groups by values that are present and not empty, and counts what a rule aggregates', () => {
    const rule = compileRule({ ...base, groupBy: ['service', 'attributes.user'], aggregate: { kind: 'distinct', field: 'attributes.ip' } });
    expect(rule.groupValues({ service: 'auth', attributes: { user: 'u1' } })).toEqual(['auth', 'u1']);
    expect(rule.groupValues({ service: '', attributes: { user: 'u1' } })).toBeNull();
    expect(rule.groupValues({ service: 'auth', attributes: {} })).toBeNull();
    expect(rule.groupValues({ service: 'auth', attributes: { user: 7 } })).toEqual(['auth', '7']);
    expect(rule.contribution({ attributes: { ip: '203.0.113.9' } })).toEqual({ distinct: '203.0.113.9' });
    expect(rule.contribution({ attributes: { ip: '' } })).toBeNull();
    expect(rule.contribution({ attributes: { ip: { v4: 'x' } } })).toBeNull();
    const sum = compileRule({ ...base, aggregate: { kind: 'sum', field: 'attributes.amount' } });
    expect(sum.contribution({ attributes: { amount: '12.5' } })).toEqual({ amount: 12.5 });
    expect(sum.contribution({ attributes: { amount: ' ' } })).toBeNull();
    expect(sum.contribution({ attributes: { amount: 1e12 } })).toEqual({ amount: 1e12 });
    expect(sum.contribution({ attributes: { amount: -1e12 - 1 } })).toBeNull();
    expect(sum.contribution({ attributes: { amount: true } })).toBeNull();
    expect(compileRule({ ...base, aggregate: { kind: 'count' } }).contribution({})).toEqual({ amount: 1 });
  });
});
