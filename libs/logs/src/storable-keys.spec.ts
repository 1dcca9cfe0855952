import { fromStorableKeys, toStorableKeys } from './storable-keys';

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
});
