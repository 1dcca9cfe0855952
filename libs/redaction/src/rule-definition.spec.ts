// Custom rules as people write them (by field name, by pattern, with a scope and allow-lists),
// and overrides of built-ins, through the engine.
import { buildRuleset, compileDefinition, RuleDefinitionError, type RuleDefinition } from './rule-definition';
import { Redactor } from './redactor';

const key = { id: 'k1', secret: Buffer.from('rule-definition-spec') };
const custom = (definition: Partial<RuleDefinition>): RuleDefinition => ({ id: 'c', builtin: false, kind: 'pattern', type: 'custom', action: { kind: 'replace' }, enabled: true, ...definition });
const redactWith = (definitions: RuleDefinition[], value: unknown) => new Redactor(buildRuleset(definitions), { pseudonymKey: key }).redact(value).value;

describe('custom rule definitions', () => {
  it('a field rule redacts by name, in any spelling, and nothing else', () => {
    const rule = custom({ id: 'employee', kind: 'field', type: 'employee', fields: ['employee_id'] });
    expect(redactWith([rule], { employeeId: 'E-1', 'Employee-ID': 'E-2', employee: 'E-3' })).toEqual({
      employeeId: '[REDACTED:employee]',
      'Employee-ID': '[REDACTED:employee]',
      employee: 'E-3',
    });
  });

  it('a scope limits a rule to the JSONPaths below it', () => {
    const rule = custom({ id: 'ticket', pattern: 'TCK-\\d+', scope: ['$.attributes.support'] });
    expect(redactWith([rule], { attributes: { support: { note: 'see TCK-42' }, other: 'TCK-43' } })).toEqual({
      attributes: { support: { note: 'see [REDACTED:custom]' }, other: 'TCK-43' },
    });
  });

  it('an allow-list keeps exact values, prefixes and whole-value regex matches', () => {
    const rule = custom({ id: 'ref', pattern: 'REF-[A-Z0-9]+', allow: { exact: ['REF-PUBLIC'], prefix: ['REF-TEST'], regex: ['REF-0+'] } });
    expect(redactWith([rule], ['REF-PUBLIC', 'REF-TEST123', 'REF-000', 'REF-0001', 'REF-SECRET'])).toEqual([
      'REF-PUBLIC',
      'REF-TEST123',
      'REF-000',
      '[REDACTED:custom]',
      '[REDACTED:custom]',
    ]);
  });

  it('an override changes a built-in action and allow-list, not its matcher', () => {
    const email = { id: 'email', builtin: true, kind: 'pattern' as const, type: 'email', action: { kind: 'mask' as const, keepFirst: 2 }, enabled: true, allow: { prefix: ['noreply@'] } };
    expect(redactWith([email], ['jane@example.com', 'noreply@example.com'])).toEqual(['ja**@*******.***', 'noreply@example.com']); // masking keeps separators
  });

  it.each([
    [custom({ kind: 'field', fields: [] }), 'a field rule needs at least one field name'],
    [custom({ pattern: undefined }), 'a pattern rule needs a pattern'],
    [custom({ pattern: '(a)\\1' }), /not accepted by RE2/],
    [custom({ pattern: 'x', allow: { regex: ['(?<=a)b'] } }), /allow-list regex is not accepted by RE2/],
  ])('refuses %j with the reason', (definition, reason) => {
    expect(() => compileDefinition(definition)).toThrow(RuleDefinitionError);
    expect(() => compileDefinition(definition)).toThrow(reason);
  });
});
