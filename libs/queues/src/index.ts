export * from './queue-backlog.service';
export * from './queue-names';
export * from './queue-options';
export * from './queues.module';
export * from './redact-logs.producer';
export * from './redis-eviction-check';
export * from './task-state';
export * from './redis-channel';
