// Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>`, sent as
// `X-Logsieve-Signature: v1=<hex>` beside `X-Logsieve-Timestamp: <unix seconds>`. Receivers
// recompute it and refuse old timestamps, so a captured delivery cannot be replayed later.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Env } from '@app/config';

export const SIGNATURE_HEADER = 'X-Logsieve-Signature';
export const TIMESTAMP_HEADER = 'X-Logsieve-Timestamp';

export function webhookSecret(env: Env): Buffer {
  return env.WEBHOOK_SECRET
    ? Buffer.from(env.WEBHOOK_SECRET)
    : Buffer.from(hkdfSync('sha256', Buffer.from(env.SEAL_KEY!, 'base64'), '', 'logsieve webhooks', 32));
}

export function signWebhook(secret: Buffer, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export function verifyWebhook(secret: Buffer, timestamp: string, body: string, signature: string, now = Date.now(), toleranceSeconds = 300): boolean {
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
