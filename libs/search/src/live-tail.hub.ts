// Api side of the live tail: one Redis subscription per process, fanned out to every open
// tail. When the subscription drops, every tail is told (so none stops silently) and ends;
// clients reconnect with Last-Event-ID and catch up from the store.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { StoredLogRecord } from '@app/logs';
import { Redis } from 'ioredis';
import { decodeTailMessage, liveTailChannel } from './live-tail.channel';

export interface TailListener {
  onRecords(records: StoredLogRecord[]): void;
  /** The feed is gone (Redis lost, or the server is stopping); the tail should end. */
  onFeedLost(reason: string): void;
}

@Injectable()
export class LiveTailHub implements OnModuleDestroy {
  private readonly logger = new Logger(LiveTailHub.name);
  private readonly listeners = new Set<TailListener>();
  private subscriber?: Redis;
  private ready?: Promise<void>;

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener once the subscription is live; rejects when Redis cannot be reached. */
  async add(listener: TailListener): Promise<() => void> {
    await this.connect();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    const subscriber = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    subscriber.on('error', () => undefined);
    subscriber.on('end', () => this.lose('the live feed (Redis) was interrupted'));
    this.ready = subscriber.subscribe(liveTailChannel(loadEnv().QUEUE_PREFIX)).then(
      () => undefined,
      (error: Error) => {
        this.lose('the live feed (Redis) is unavailable');
        throw error;
      },
    );
    return this.ready;
  }

  private dispatch(message: string): void {
    let records: StoredLogRecord[];
    try {
      records = decodeTailMessage(message);
    } catch {
      return;
    }
    for (const listener of this.listeners) listener.onRecords(records);
  }

  /** Ends every tail and forgets the subscription, so the next tail subscribes afresh. */
  private lose(reason: string): void {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) this.logger.warn(`${reason}; ${this.listeners.size} tail(s) ended`);
    subscriber?.disconnect();
    this.ready = undefined;
    for (const listener of [...this.listeners]) listener.onFeedLost(reason);
    this.listeners.clear();
  }

  /** Ends every tail, saying why; the subscription stays for new ones. */
  endAll(reason: string): void {
    for (const listener of [...this.listeners]) listener.onFeedLost(reason);
    this.listeners.clear();
  }

  onModuleDestroy(): void {
    this.endAll('the server is shutting down');
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.ready = undefined;
    subscriber?.disconnect();
  }
}
