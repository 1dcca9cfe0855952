// Delivers one alert to one webhook target: a signed JSON POST with a timeout. A non-2xx
// answer or a network error throws, so BullMQ retries with exponential backoff; every
// attempt's outcome is recorded in `alert_deliveries`.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import type { Model } from 'mongoose';
import { AlertDeliveryDoc, AlertDoc } from './alert.schema';
import { targetHash, toAlertView } from './alert.service';
import { webhookDeliveries } from '@app/observability';
import { postPinned } from './pinned-post';
import { DELIVERY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSecret } from './webhook-signature';
import { checkTargetUrl, resolveTarget } from './webhook-target';

export class WebhookDeliveryError extends Error {}

const deliveryIdOf = (alertId: string, target: string) => `${alertId}:${targetHash(target)}`;

@Injectable()
export class WebhookDeliveryService {
  private readonly env = loadEnv();
  private readonly secret = webhookSecret(this.env);

  constructor(
    @InjectModel(AlertDoc.name) private readonly alerts: Model<AlertDoc>,
    @InjectModel(AlertDeliveryDoc.name) private readonly deliveries: Model<AlertDeliveryDoc>,
  ) {}

  /** One attempt. `final` marks the last one, so a failure is recorded as failed rather than pending. */
  async deliver(alertId: string, target: string, attempt: number, final: boolean): Promise<void> {
    const alert = await this.alerts.findById(alertId).lean().exec();
    if (!alert) return;
    const allowPrivate = this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true';
    const body = JSON.stringify({ type: 'logsieve.alert', alert: toAlertView(alert) });
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | undefined;
    try {
      const url = checkTargetUrl(target, allowPrivate);
      const pinned = await resolveTarget(url, allowPrivate);
      // One id per alert and target, the same on every retry: receivers deduplicate by it.
      const deliveryId = deliveryIdOf(alertId, target);
      const signature = signWebhook(this.secret, { timestamp, deliveryId, target: url.href, body });
      statusCode = await postPinned({
        url,
        pinned,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'logsieve-webhooks', [TIMESTAMP_HEADER]: String(timestamp), [DELIVERY_HEADER]: deliveryId, [SIGNATURE_HEADER]: signature },
        body,
        timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      });
      if (statusCode < 200 || statusCode > 299) throw new WebhookDeliveryError(`the target answered ${statusCode}`);
      await this.record(alertId, target, { status: 'delivered', attempts: attempt, lastStatusCode: statusCode, deliveredAt: new Date() });
      webhookDeliveries.inc({ result: 'delivered' });
    } catch (error) {
      // The reason names the failure kind, never a response body.
      const reason = error instanceof WebhookDeliveryError ? error.message : `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200);
      await this.record(alertId, target, { status: final ? 'failed' : 'pending', attempts: attempt, lastError: reason, ...(statusCode ? { lastStatusCode: statusCode } : {}) });
      webhookDeliveries.inc({ result: final ? 'failed' : 'retry' });
      throw error;
    }
  }

  private async record(alertId: string, target: string, fields: Partial<AlertDeliveryDoc>): Promise<void> {
    await this.deliveries
      .updateOne({ _id: deliveryIdOf(alertId, target) }, { $set: { alertId, target, ...fields, updatedAt: new Date() } }, { upsert: true })
      .exec();
  }

  async deliveriesOf(alertId: string): Promise<AlertDeliveryDoc[]> {
    return this.deliveries.find({ alertId }).lean().exec();
  }
}
