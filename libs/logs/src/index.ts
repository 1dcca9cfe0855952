export * from './database.module';
export * from './errors';
export * from './log-content';
export * from './log-record.repository';
export * from './log-record.schema';
export * from './log-record.types';
export * from './logs.module';
export * from './storable-keys';
