// Redis pub/sub as logsieve uses it: publishers that never fail their caller (a missed
// message is caught up some other way), and a hub holding one subscription per process,
// fanned out to listeners. When the subscription drops, every listener is told (so no stream
// stops silently) and the next listener subscribes afresh.
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { Redis } from 'ioredis';

/** Publishes on channels; connects on first use; never throws. */
export class RedisPublisher {
  private redis?: Redis;

  /** Resolves whether Redis took the message. */
  async publish(channel: string, message: string): Promise<boolean> {
    if (!this.redis) {
      // Commands wait while the connection opens, but never longer than a second.
      this.redis = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
      this.redis.on('error', () => undefined);
    }
    try {
      await this.redis.publish(channel, message);
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.redis?.disconnect();
  }
}

export interface ChannelListener<T> {
  onMessage(message: T): void;
  /** The feed is gone (Redis lost, or the server is stopping); the listener should end. */
  onFeedLost(reason: string): void;
}

export class RedisChannelHub<T> implements OnModuleDestroy {
  private readonly logger = new Logger(RedisChannelHub.name);
  private readonly listeners = new Set<ChannelListener<T>>();
  private subscriber?: Redis;
  private ready?: Promise<void>;

  constructor(
    private readonly channel: string,
    private readonly decode: (message: string) => T,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener once the subscription is live; rejects when Redis cannot be reached. */
  async add(listener: ChannelListener<T>): Promise<() => void> {
    await this.connect();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every listener, saying why; the subscription stays for new ones. */
  endAll(reason: string): void {
    for (const listener of [...this.listeners]) listener.onFeedLost(reason);
    this.listeners.clear();
  }

  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    const subscriber = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    subscriber.on('error', () => undefined);
    subscriber.on('end', () => this.lose('the live feed (Redis) was interrupted'));
    this.ready = subscriber.subscribe(this.channel).then(
      () => undefined,
      (error: Error) => {
        this.lose('the live feed (Redis) is unavailable');
        throw error;
      },
    );
    return this.ready;
  }

  private dispatch(raw: string): void {
    let message: T;
    try {
      message = this.decode(raw);
    } catch {
      return;
    }
    for (const listener of this.listeners) listener.onMessage(message);
  }

  /** Ends every listener and forgets the subscription, so the next listener subscribes afresh. */
  private lose(reason: string): void {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.ready = undefined;
    if (subscriber) this.logger.warn(`${this.channel}: ${reason}; ${this.listeners.size} stream(s) ended`);
    subscriber?.disconnect();
    this.endAll(reason);
  }

  onModuleDestroy(): void {
    this.endAll('the server is shutting down');
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.ready = undefined;
    subscriber?.disconnect();
  }
}
