// Webhook signatures are a contract with receivers written elsewhere: known answers, computed
// once with openssl and written here, so any change to what is signed or how fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'known-answer-' + 'webhook-key-0123456789';
const DELIVERY = {
  timestamp: 1_796_000_000,
  deliveryId: '6750f1c2a9e4b3d2c1f0e9d8:3f2a1b0c9d8e7f60',
  target: 'https://hooks.example.com/logsieve',
  body: '{"alert":{"id":"6750f1c2a9e4b3d2c1f0e9d8","rule":"brute-force"}}',
};
/** printf '%s' '<timestamp>.<delivery>.<target>.<body>' | openssl dgst -sha256 -hmac '<secret>' -hex */
const KNOWN = 'v2=050c442dcaebc7fa98e118d3f368fd19a408195ff39ada4694d2248981053529';

describe('webhook signature v2', () => {
  it('is the known answer for a fixed secret, timestamp, delivery id, target and body', () => {
    expect(signWebhook(Buffer.from(SECRET), DELIVERY)).toBe(KNOWN);
  });

  it("is what the README's shell line computes", () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const line = /```sh\n(printf[^\n]*openssl dgst[^\n]*)\n```/.exec(readme)?.[1];
    expect(line).toBeDefined();
    const env = { PATH: process.env.PATH, TIMESTAMP: String(DELIVERY.timestamp), DELIVERY: DELIVERY.deliveryId, TARGET_URL: DELIVERY.target, BODY: DELIVERY.body, WEBHOOK_SECRET: SECRET };
    expect(execFileSync('bash', ['-c', line!], { env, encoding: 'utf8' }).trim()).toBe(KNOWN);
  });

  it('verifies over the receiver’s own URL, within five minutes, and nothing else', () => {
    const secret = Buffer.from(SECRET);
    const received = { ...DELIVERY, timestamp: String(DELIVERY.timestamp), signature: KNOWN };
    const at = DELIVERY.timestamp * 1000;
    expect(verifyWebhook(secret, received, at)).toBe(true);
    expect(verifyWebhook(secret, received, at + 300_000)).toBe(true);
    expect(verifyWebhook(secret, received, at + 301_000)).toBe(false);
    expect(verifyWebhook(secret, received, at - 301_000)).toBe(false);
    for (const changed of [{ target: 'https://other.example.com/logsieve' }, { deliveryId: `${DELIVERY.deliveryId}0` }, { body: `${DELIVERY.body} ` }, { signature: KNOWN.replace(/.$/, '0') }, { signature: KNOWN.slice(0, -2) }]) {
      expect(verifyWebhook(secret, { ...received, ...changed }, at)).toBe(false);
    }
    expect(verifyWebhook(Buffer.from(`${SECRET}!`), received, at)).toBe(false);
    expect(verifyWebhook(secret, { ...received, timestamp: `${DELIVERY.timestamp}.5` }, at)).toBe(false);
  });
});
