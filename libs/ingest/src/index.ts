export * from './idempotency.service';
export * from './ingest-error';
export * from './ingest.module';
export * from './log-ingest.service';
export * from './log-reprocess.service';
export * from './normalise-log';
export * from './parse-log-request';
export * from './otlp/otlp-logs';
