export * from './chunk-compaction.service';
export * from './chunk-writer';
export * from './failed-erasure.service';
export * from './log-redaction.service';
export * from './pending-reconciler.service';
export * from './processing.module';
export * from './retention.service';
