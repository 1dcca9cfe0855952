// Api side of the live tail: one subscription per process to the channel workers publish
// processed records on (see RedisChannelHub). Tails that lose it end and reconnect with
// Last-Event-ID, catching up from the store.
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { StoredLogRecord } from '@app/logs';
import { RedisChannelHub } from '@app/queues';
import { decodeTailMessage, liveTailChannel } from './live-tail.channel';

@Injectable()
export class LiveTailHub extends RedisChannelHub<StoredLogRecord[]> {
  constructor() {
    super(liveTailChannel(loadEnv().QUEUE_PREFIX), decodeTailMessage);
  }
}
