// Seals unredacted log content with AES-256-GCM so plaintext never rests in the database,
// its oplog or its backups. Only a worker holding the key can open it, in memory.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { randomBytesFromPool } from './random-pool';

/** What is stored in place of the content: all binary parts base64-encoded. */
export interface SealedContent {
  /** Which key sealed it: the first 8 hex digits of SHA-256 of the key. */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

export class SealError extends Error {}

const IV_BYTES = 12;
/** GCM tags are pinned to the full 16 bytes, sealing and opening. */
const TAG_BYTES = 16;

export class ContentSealer {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) {
      throw new SealError('SEAL_KEY must be base64 of exactly 32 bytes');
    }
    this.key = key;
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** Seals any JSON-serialisable value. `context` (e.g. the record id) is bound as associated data. */
  seal(value: unknown, context: string): SealedContent {
    const iv = randomBytesFromPool(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      kid: this.keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Opens sealed content; throws SealError when the key, context or ciphertext does not match. */
  open<T = unknown>(sealed: SealedContent, context: string): T {
    if (sealed.kid !== this.keyId) {
      throw new SealError(`sealed with key ${sealed.kid}, but this process holds key ${this.keyId}`);
    }
    // A shorter tag is easier to forge; Node accepts one unless told the length.
    const tag = Buffer.from(sealed.tag, 'base64');
    if (tag.length !== TAG_BYTES) throw new SealError('sealed content failed authentication');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      // The cause would only say "unsupported state"; never include content.
      throw new SealError('sealed content failed authentication');
    }
  }
}
