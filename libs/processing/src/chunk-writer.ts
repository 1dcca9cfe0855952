// The worker side of chunks: the records a process's concurrent jobs redact are written
// together, as one chunk, once CHUNK_MAX_RECORDS are waiting or CHUNK_LINGER_MS after the
// first; each job resumes once its records are durable. Small flushes go to the hour's
// heads (merged into large chunks by compaction), large ones straight to its chunks.
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { ChunkStore, type StoredLogRecord } from '@app/logs';

interface Waiting {
  records: StoredLogRecord[];
  resolve: (refs: Array<[string, string]>) => void;
  reject: (error: unknown) => void;
}

@Injectable()
export class ChunkWriter implements OnModuleDestroy {
  private readonly maxRecords = loadEnv().CHUNK_MAX_RECORDS;
  private readonly lingerMs = loadEnv().CHUNK_LINGER_MS;
  private waiting: Waiting[] = [];
  private count = 0;
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly chunks: ChunkStore) {}

  /** Resolves to the [hour, chunk id] of the chunks holding these records, once written. */
  add(records: readonly StoredLogRecord[]): Promise<Array<[string, string]>> {
    if (records.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ records: [...records], resolve, reject });
      this.count += records.length;
      if (this.count >= this.maxRecords || this.lingerMs === 0) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    if (batch.length === 0) return;
    // One write at a time: chunks of a process follow each other, and memory holds one batch in flight.
    this.writing = this.writing.then(() => this.write(batch));
  }

  private async write(batch: Waiting[]): Promise<void> {
    const records = batch.flatMap((w) => w.records).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    // Processed means durable: a live tail resumes by this time, so it is taken at the write.
    const processedAt = new Date();
    for (const record of records) record.processedAt = processedAt;
    try {
      const refs = new Map<string, [string, string]>();
      for (let i = 0; i < records.length; i += this.maxRecords) {
        const part = records.slice(i, i + this.maxRecords);
        const entry = await this.chunks.write(part, { tier: part.length >= this.maxRecords / 4 ? 'chunks' : 'heads' });
        for (const record of part) refs.set(record.id, [entry.hour, entry.id]);
      }
      for (const waiting of batch) {
        const own = new Map(waiting.records.map((record) => [refs.get(record.id)!.join('/'), refs.get(record.id)!]));
        waiting.resolve([...own.values()]);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.flush();
    await this.writing;
  }
}
