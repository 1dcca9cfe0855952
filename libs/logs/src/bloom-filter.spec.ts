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
    expect(BloomFilter.of(new Set(items), 0.01, 1024)).toBeUndefined();
  });

  it('sizes itself for 1 % false positives within its cap: the exact cap is allowed, 64 KiB by default', () => {
    const thousand = BloomFilter.sized(1000)!;
    expect(thousand.bits.length).toBe(1199); // ceil(1000 · ln 100 / ln² 2) bits
    expect(thousand.hashes).toBe(7); // round(bits · ln 2 / items)
    expect(BloomFilter.sized(1000, 0.01, 1199)).toBeDefined();
    expect(BloomFilter.sized(1000, 0.01, 1198)).toBeUndefined();
    expect(BloomFilter.sized(1)!.hashes).toBe(12); // 64 bits at least, at most 12 hashes
    expect(BloomFilter.sized(50_000)).toBeDefined();
    expect(BloomFilter.sized(60_000)).toBeUndefined();
  });

  it('sets the same bits for the same items on every run (chunks store them)', () => {
    const known = BloomFilter.of(new Set(['tlog', 'auser\u0001id=42', '']), 0.01)!;
    expect(known.hashes).toBe(12);
    expect(known.bits.toString('hex')).toBe(KNOWN_BITS);
  });
});

const KNOWN_BITS = '735e85d908967328';
