export * from './health.controller';
export * from './health.module';
export * from './logger-levels';
export * from './graceful-shutdown';
export * from './metrics';
export * from './metrics.controller';
export * from './http-metrics.middleware';
