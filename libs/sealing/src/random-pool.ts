// Random bytes drawn from a pool filled 4 KiB at a time: a call into the system's generator
// per id and per IV was a visible share of accepting a single-record request.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `size` fresh random bytes (a copy; the pool never hands out the same bytes twice). */
export function randomBytesFromPool(size: number): Buffer {
  if (size > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
  if (used + size > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  used += size;
  return bytes;
}
