import { escapeKey, fromStorableKeys, toStorableKeys } from './storable-keys';

describe('storable keys', () => {
  const value = { 'service.name': 'a', $ref: 1, nested: [{ 'a.b.c': { $x: null } }], plain: 'x.y', when: new Date(0) };

  it('escapes dots and a leading dollar in keys only', () => {
    const stored = toStorableKeys(value) as Record<string, unknown>;
    expect(Object.keys(stored).some((key) => key.includes('.') || key.startsWith('$'))).toBe(false);
    expect(stored.plain).toBe('x.y');
    expect(stored.when).toEqual(new Date(0));
  });

  it('round-trips', () => {
    expect(fromStorableKeys(toStorableKeys(value))).toEqual(value);
  });

  it('never maps two keys of one object to one stored key, and round-trips each', () => {
    const keys = ['a.b', 'a\uFF0Eb', 'a\uFF3C\uFF0Eb', 'a\uFF3C.b', '$x', '\uFF04x', 'n\u0000', 'n\uFF10', '\uFF3C', '\uFF3C\uFF3C', 'x$'];
    const stored = keys.map(escapeKey);
    expect(new Set(stored).size).toBe(keys.length);
    const record = Object.fromEntries(keys.map((key, i) => [key, i]));
    expect(fromStorableKeys(toStorableKeys(record))).toEqual(record);
  });

  it('keeps a __proto__ key as data, in both directions', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const stored = toStorableKeys(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.keys(stored)).toEqual(['\uFF3C__proto__', 'a']);
    const back = fromStorableKeys(stored);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(JSON.stringify(back)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
