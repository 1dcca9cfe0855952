import { randomBytes } from 'node:crypto';
import { ContentSealer, SealError } from './content-sealer';

const newKey = () => randomBytes(32).toString('base64');

describe('ContentSealer', () => {
  const sealer = new ContentSealer(newKey());
  const content = { log_data: { email: 'john@example.com', n: 1 } };

  it('round-trips content bound to its record id', () => {
    expect(sealer.open(sealer.seal(content, 'id-1'), 'id-1')).toEqual(content);
  });

  it('never stores the plaintext', () => {
    const sealed = sealer.seal(content, 'id-1');
    expect(JSON.stringify(sealed)).not.toContain('john');
    expect(sealed.kid).toBe(sealer.keyId);
  });

  it('uses a fresh IV each time', () => {
    expect(sealer.seal(content, 'id-1').data).not.toBe(sealer.seal(content, 'id-1').data);
  });

  it('refuses content moved to another record', () => {
    expect(() => sealer.open(sealer.seal(content, 'id-1'), 'id-2')).toThrow(SealError);
  });

  it('refuses a truncated authentication tag, which Node would otherwise check on its first bytes only', () => {
    const sealed = sealer.seal(content, 'id-1');
    const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => sealer.open({ ...sealed, tag: shortTag }, 'id-1')).toThrow(new SealError('sealed content failed authentication'));
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
  });

  it('refuses tampered ciphertext', () => {
    const sealed = sealer.seal(content, 'id-1');
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    expect(() => sealer.open({ ...sealed, data: data.toString('base64') }, 'id-1')).toThrow('failed authentication');
  });

  it('names the key it needs when the key differs', () => {
    expect(() => new ContentSealer(newKey()).open(sealer.seal(content, 'id-1'), 'id-1')).toThrow(/sealed with key/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new ContentSealer(randomBytes(16).toString('base64'))).toThrow(SealError);
  });
});
