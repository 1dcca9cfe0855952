// Webhook signatures: HMAC-SHA256 over `<timestamp>.<delivery id>.<target URL>.<body>`, sent as
// `X-Logsieve-Signature: v2=<hex>` beside `X-Logsieve-Timestamp: <unix seconds>` and
// `X-Logsieve-Delivery: <id>`. Receivers recompute it over their own URL and refuse old
// timestamps and delivery ids they have seen, so a captured delivery can be replayed neither
// later nor to another target.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Env } from '@app/config';

export const SIGNATURE_HEADER = 'X-Logsieve-Signature';
export const TIMESTAMP_HEADER = 'X-Logsieve-Timestamp';
export const DELIVERY_HEADER = 'X-Logsieve-Delivery';

export function webhookSecret(env: Env): Buffer {
  return env.WEBHOOK_SECRET
    ? Buffer.from(env.WEBHOOK_SECRET)
    : Buffer.from(hkdfSync('sha256', Buffer.from(env.SEAL_KEY!, 'base64'), '', 'logsieve webhooks', 32));
}

/** What one delivery is: signed as a whole, so no part can be swapped. */
export interface SignedDelivery {
  timestamp: number;
  deliveryId: string;
  target: string;
  body: string;
}

export function signWebhook(secret: Buffer, { timestamp, deliveryId, target, body }: SignedDelivery): string {
  return `v2=${createHmac('sha256', secret).update(`${timestamp}.${deliveryId}.${target}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute over its own URL, compare in constant time, and refuse stale timestamps. */
export function verifyWebhook(
  secret: Buffer,
  received: { timestamp: string; deliveryId: string; target: string; body: string; signature: string },
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const seconds = Number(received.timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, { timestamp: seconds, deliveryId: received.deliveryId, target: received.target, body: received.body }));
  const given = Buffer.from(received.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
