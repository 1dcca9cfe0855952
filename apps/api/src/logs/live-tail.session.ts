// One live tail over server-sent events: catch up from the store after Last-Event-ID, then
// records as workers publish them, heartbeats while idle, and an `end` event whenever the
// server ends the stream (time limit, slow client, live feed lost, shutdown), so no tail
// stops silently.
import type { LiveTailHub, LogQuery, LogSearchService } from '@app/search';
import { matchesLogQuery, sseComment, sseEvent, tailEventId, type TailPosition } from '@app/search';
import type { StoredLogRecord } from '@app/logs';
import type { Response } from 'express';
import { LogRecordDto } from './dto/log-record.dto';

/** A client this far behind (bytes buffered) is ended rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface TailLimits {
  maxSeconds: number;
  heartbeatSeconds: number;
}

export class LiveTailSession {
  private readonly sent = new Set<string>();
  private catchingUp: StoredLogRecord[] | null = [];
  private timers: NodeJS.Timeout[] = [];
  private detach?: () => void;
  private ended = false;

  constructor(
    private readonly res: Response,
    private readonly query: LogQuery,
    private readonly limits: TailLimits,
  ) {}

  /** Subscribes (rejecting, before any byte is sent, when the live feed is unavailable), then streams. */
  async start(hub: LiveTailHub, search: LogSearchService, resumeFrom: TailPosition | null): Promise<void> {
    this.detach = await hub.add({ onRecords: (records) => this.onRecords(records), onFeedLost: (reason) => this.end(reason) });
    this.res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    this.res.flushHeaders();
    this.write('retry: 2000\n\n');
    this.res.on('close', () => this.stop());
    this.timers.push(
      setInterval(() => this.write(sseComment(`heartbeat ${new Date().toISOString()}`)), this.limits.heartbeatSeconds * 1000),
      setTimeout(() => this.end(`the tail reached its ${this.limits.maxSeconds} s limit; reconnect with Last-Event-ID to continue`), this.limits.maxSeconds * 1000),
    );
    if (resumeFrom) {
      const missed = await search.processedSince(resumeFrom, this.query).catch(() => null);
      if (missed === null) this.write(sseEvent('gap', { reason: 'Too far behind to replay from the store; search GET /logs for the missing records' }));
      else for (const record of missed) this.send(record);
    }
    const live = this.catchingUp ?? [];
    this.catchingUp = null;
    for (const record of live) this.send(record);
    this.write(sseEvent('ready', { live: true, resumed: Boolean(resumeFrom) }));
  }

  /** Ends the stream with an `end` event saying why. */
  end(reason: string): void {
    if (this.ended) return;
    this.write(sseEvent('end', { reason }));
    this.stop();
    this.res.end();
  }

  private onRecords(records: StoredLogRecord[]): void {
    const matching = records.filter((record) => matchesLogQuery(record, this.query));
    if (this.catchingUp) this.catchingUp.push(...matching);
    else for (const record of matching) this.send(record);
  }

  private send(record: StoredLogRecord): void {
    if (this.sent.has(record.id) || !record.processedAt) return;
    this.sent.add(record.id);
    // Only ids within the replay slack can repeat; older ones need not be remembered.
    if (this.sent.size > 10_000) this.sent.clear();
    this.write(sseEvent('log', LogRecordDto.from(record), tailEventId({ processedAt: record.processedAt, id: record.id })));
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.end('the client is reading too slowly; reconnect with Last-Event-ID');
  }

  private write(chunk: string): void {
    if (!this.ended && !this.res.writableEnded) this.res.write(chunk);
  }

  private stop(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.detach?.();
  }
}
