// Api side of GET /alerts/stream: one subscription per process to the channel AlertService
// publishes new alerts on (see RedisChannelHub).
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { RedisChannelHub } from '@app/queues';
import { alertsChannel, type AlertView } from './alert.service';

@Injectable()
export class AlertFeedHub extends RedisChannelHub<AlertView> {
  constructor() {
    super(alertsChannel(loadEnv().QUEUE_PREFIX), (message) => JSON.parse(message) as AlertView);
  }
}
