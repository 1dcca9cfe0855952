export * from './health.controller';
export * from './health.module';
export * from './logger-levels';
export * from './graceful-shutdown';
