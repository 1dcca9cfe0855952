import { splitConcatenatedObjects } from './concatenated-json';

describe('splitConcatenatedObjects', () => {
  it('splits objects written back to back or with whitespace, braces inside strings included', () => {
    const text = '{"event":"a {not} \\"quoted\\" }"}{"event":{"n":[1,{"x":"]"}]}}\n  {"event":"c\\\\"}';
    expect(splitConcatenatedObjects(text)).toEqual([{ value: { event: 'a {not} "quoted" }' } }, { value: { event: { n: [1, { x: ']' }] } } }, { value: { event: 'c\\' } }]);
  });

  it('is empty for whitespace', () => {
    expect(splitConcatenatedObjects(' \n\t')).toEqual([]);
  });

  it('ends with an error at a piece that is not an object, is cut off or is not JSON', () => {
    expect(splitConcatenatedObjects('{"a":1} [1]')).toEqual([{ value: { a: 1 } }, { error: 'expected an object at offset 8' }]);
    expect(splitConcatenatedObjects('{"a":1}{"b":')).toEqual([{ value: { a: 1 } }, { error: 'the object at offset 7 is not closed' }]);
    expect(splitConcatenatedObjects('{"a":1,}')).toEqual([{ error: 'an event is not valid JSON' }]);
  });

  it('refuses an object nested past the JSON depth limit', () => {
    const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    expect(splitConcatenatedObjects(deep)).toEqual([{ error: expect.stringMatching(/nests JSON more than \d+ levels/) }]);
  });
});
