// Deletes the pending copies of processed records in batches. On FerretDB every delete scans
// the pending collection, so one delete per job made processing quadratic in the backlog;
// one deleteMany per 500 ms (or 1,000 ids) amortises it. Ids still buffered when a process dies
// leave pending copies behind: the reconciler re-enqueues them, their processed copies are
// found already there, and they are deleted then.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Types } from 'mongoose';
import { byPartition, type PartitionedCollections } from './partitioned-collections';
import { partitionOfLogId, PartitionKind } from './partitions';

// On FerretDB a delete costs about 20 ms an id one by one, and one scan of the collection
// (about 400 ms at 5,000 records) for any number of ids at once: fewer, larger batches.
const FLUSH_AFTER_MS = 500;
const FLUSH_AT = 1000;

@Injectable()
export class PendingDeletionBuffer implements OnModuleDestroy {
  private readonly logger = new Logger(PendingDeletionBuffer.name);
  private readonly ids = new Set<string>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private partitions?: PartitionedCollections;

  bind(partitions: PartitionedCollections): void {
    this.partitions = partitions;
  }

  add(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
    if (this.ids.size >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Deletes everything buffered so far; resolves when done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.ids];
    this.ids.clear();
    if (batch.length === 0 || !this.partitions) return this.flushing;
    const partitions = this.partitions;
    this.flushing = this.flushing.then(async () => {
      try {
        for (const [key, ids] of byPartition(batch, partitionOfLogId)) {
          await partitions.read(PartitionKind.Pending, key).deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
        }
      } catch (error) {
        // The store is away: the copies stay pending and are finished by a later delivery.
        this.logger.warn(`could not delete ${batch.length} processed pending copies: ${(error as Error).name}`);
      }
    });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
