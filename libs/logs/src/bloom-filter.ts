// A bloom filter over strings: "certainly not here" or "maybe here". Each chunk carries one of
// its message trigrams and attribute pairs, so a search for a rare word or `attr.user=…`
// skips the chunks that cannot hold it without reading them (ClickHouse's tokenbf/ngrambf).
// Sized for the items it will hold at a 1 % false-positive rate, within a byte cap; a filter
// past its cap is not built and the chunk is always read.

const LN2_SQUARED = Math.LN2 * Math.LN2;

/** 32-bit FNV-1a over UTF-16 code units, from a seed. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3's fmix32): FNV alone clusters on short, similar strings.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class BloomFilter {
  private constructor(
    readonly bits: Buffer,
    readonly hashes: number,
  ) {}

  /** A filter for `items` distinct items at `falsePositiveRate`; undefined when it would pass `maxBytes`. */
  static sized(items: number, falsePositiveRate = 0.01, maxBytes = 64 * 1024): BloomFilter | undefined {
    const bitCount = Math.max(64, Math.ceil((-Math.max(1, items) * Math.log(falsePositiveRate)) / LN2_SQUARED));
    const bytes = Math.ceil(bitCount / 8);
    if (bytes > maxBytes) return undefined;
    const hashes = Math.max(1, Math.min(12, Math.round((bytes * 8 * Math.LN2) / Math.max(1, items))));
    return new BloomFilter(Buffer.alloc(bytes), hashes);
  }

  /** A filter read back from its bits and hash count. */
  static from(bits: Buffer | Uint8Array, hashes: number): BloomFilter {
    return new BloomFilter(Buffer.from(bits), hashes);
  }

  /** Builds a filter holding every item of `items`; undefined past the byte cap. */
  static of(items: ReadonlySet<string>, falsePositiveRate = 0.01, maxBytes = 64 * 1024): BloomFilter | undefined {
    const filter = BloomFilter.sized(items.size, falsePositiveRate, maxBytes);
    if (filter) for (const item of items) filter.add(item);
    return filter;
  }

  add(item: string): void {
    for (const bit of this.positions(item)) this.bits[bit >>> 3] |= 1 << (bit & 7);
  }

  mightHave(item: string): boolean {
    for (const bit of this.positions(item)) if ((this.bits[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
    return true;
  }

  /** Double hashing (Kirsch–Mitzenmacher): k positions from two hashes. */
  private *positions(item: string): Generator<number> {
    const size = this.bits.length * 8;
    const a = fnv1a(item, 0x811c9dc5);
    const b = fnv1a(item, 0x5bd1e995) | 1;
    for (let i = 0; i < this.hashes; i++) yield ((a + Math.imul(i, b)) >>> 0) % size;
  }
}
