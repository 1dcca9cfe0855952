import { BloomFilter } from './bloom-filter';

describe('BloomFilter', () => {
  const items = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
  const filter = BloomFilter.of(new Set(items))!;

  it('never says no to an item it holds', () => {
    expect(items.filter((item) => !filter.mightHave(item))).toEqual([]);
  });

  it('says no to most items it does not hold (about its 1 % target)', () => {
    const strangers = Array.from({ length: 20_000 }, (_, i) => `stranger-${i}`);
    const rate = strangers.filter((item) => filter.mightHave(item)).length / strangers.length;
    expect(rate).toBeLessThan(0.02);
  });

  it('reads back from its bits and hash count', () => {
    const copy = BloomFilter.from(Buffer.from(filter.bits), filter.hashes);
    expect(items.every((item) => copy.mightHave(item))).toBe(true);
    expect(copy.mightHave('stranger-1')).toBe(filter.mightHave('stranger-1'));
  });

  it('is not built past its byte cap', () => {
    expect(BloomFilter.sized(1_000_000, 0.01, 64 * 1024)).toBeUndefined();
    expect(BloomFilter.sized(1000, 0.01, 64 * 1024)!.bits.length).toBeLessThanOrEqual(64 * 1024);
  });
});
