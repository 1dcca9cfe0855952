export * from './queue-backlog.service';
export * from './queue-names';
export * from './queue-options';
export * from './queues.module';
export * from './redact-logs.producer';
export * from './task-state';
