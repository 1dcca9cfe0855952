import { parseLabelSet } from './label-set';

describe('parseLabelSet', () => {
  it('reads names and quoted values with Go escapes and any spacing', () => {
    expect(parseLabelSet('{job="api", level="warn",path="C:\\\\logs\\\\a",quote="say \\"hi\\"", nl="a\\nb"}')).toEqual({
      job: 'api',
      level: 'warn',
      path: 'C:\\logs\\a',
      quote: 'say "hi"',
      nl: 'a\nb',
    });
    expect(parseLabelSet(' { } ')).toEqual({});
    expect(parseLabelSet('{a="1",}')).toEqual({ a: '1' });
  });

  it('keeps a label named __proto__ as data', () => {
    const labels = parseLabelSet('{__proto__="x"}');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(['__proto__']);
  });

  it.each([
    ['no braces', 'job="api"', /starts with \{/],
    ['a bad name', '{1job="api"}', /label name at offset 1/],
    ['no =', '{job "api"}', /expected = at offset 5/],
    ['an unquoted value', '{job=api}', /quoted value/],
    ['an unterminated value', '{job="api}', /unterminated/],
    ['an unknown escape', '{job="a\\qb"}', /unknown escape/],
    ['no separator', '{a="1" b="2"}', /expected , or \}/],
    ['trailing text', '{a="1"} x', /text after/],
  ])('refuses %s, without quoting it', (_, text, message) => {
    expect(() => parseLabelSet(text)).toThrow(message);
    try {
      parseLabelSet(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('api');
    }
  });
});
