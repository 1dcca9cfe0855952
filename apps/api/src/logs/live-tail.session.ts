// One live tail over server-sent events: catch up from the store after Last-Event-ID, then
// records as workers publish them. SseStream adds heartbeats and the `end` event whenever the
// server ends the stream (time limit, slow client, live feed lost, shutdown).
import type { LiveTailHub, LogQuery, LogSearchService, SseLimits } from '@app/search';
import { matchesLogQuery, SseStream, tailEventId, type TailPosition } from '@app/search';
import type { StoredLogRecord } from '@app/logs';
import type { Response } from 'express';
import { LogRecordDto } from './dto/log-record.dto';

/** A client this far behind (bytes buffered) is ended rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Missed records loaded and sent at a time when a tail resumes. */
const REPLAY_PAGE = 100;
/** Live records held back while the replay runs, at most. */
const MAX_HELD_WHILE_CATCHING_UP = 5_000;

export class LiveTailSession {
  private readonly stream: SseStream;
  private readonly sent = new Set<string>();
  private catchingUp: StoredLogRecord[] | null = [];

  constructor(
    res: Response,
    private readonly query: LogQuery,
    private readonly limits: SseLimits,
  ) {
    this.stream = new SseStream(res);
  }

  /** Subscribes (rejecting, before any byte is sent, when the live feed is unavailable), then streams. */
  async start(hub: LiveTailHub, search: LogSearchService, resumeFrom: TailPosition | null): Promise<void> {
    const detach = await hub.add({ onMessage: (records) => this.onRecords(records), onFeedLost: (reason) => this.stream.end(reason) });
    this.stream.onClose(detach);
    this.stream.open(this.limits, 'reconnect with Last-Event-ID to continue');
    if (resumeFrom && !(await this.replay(search, resumeFrom))) return;
    const live = this.catchingUp ?? [];
    this.catchingUp = null;
    for (const record of live) this.send(record);
    this.stream.send('ready', { live: true, resumed: Boolean(resumeFrom) });
  }

  /**
   * Sends what the client missed, a page at a time, each once the client has taken the last:
   * memory holds one page, never the whole backlog. False when the client left meanwhile.
   */
  private async replay(search: LogSearchService, resumeFrom: TailPosition): Promise<boolean> {
    const missed = await search.missedSince(resumeFrom).catch(() => null);
    if (missed === null) {
      this.stream.send('gap', { reason: 'Too far behind to replay from the store; search GET /logs for the missing records' });
      return true;
    }
    for (let i = 0; i < missed.length; i += REPLAY_PAGE) {
      for (const record of await search.missedRecords(missed.slice(i, i + REPLAY_PAGE), this.query)) this.send(record, { replaying: true });
      if (!(await this.stream.drained())) return false;
    }
    return true;
  }

  private onRecords(records: StoredLogRecord[]): void {
    const matching = records.filter((record) => matchesLogQuery(record, this.query));
    if (this.catchingUp) {
      this.catchingUp.push(...matching);
      if (this.catchingUp.length > MAX_HELD_WHILE_CATCHING_UP) this.stream.end('too many new records arrived while catching up; reconnect with Last-Event-ID');
    }
    else for (const record of matching) this.send(record);
  }

  private send(record: StoredLogRecord, { replaying = false } = {}): void {
    if (this.sent.has(record.id) || !record.processedAt) return;
    this.sent.add(record.id);
    // Only ids within the replay slack can repeat; older ones need not be remembered.
    if (this.sent.size > 10_000) this.sent.clear();
    this.stream.send('log', LogRecordDto.from(record), tailEventId({ processedAt: record.processedAt, id: record.id }));
    // A replay waits for the client between pages; live records cannot wait.
    if (!replaying && this.stream.buffered > MAX_BUFFERED_BYTES) this.stream.end('the client is reading too slowly; reconnect with Last-Event-ID');
  }
}
