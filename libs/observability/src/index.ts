export * from './health.controller';
export * from './health.module';
export * from './app-logger';
export * from './request-id.middleware';
export * from './graceful-shutdown';
export * from './metrics';
export * from './metrics.controller';
export * from './http-metrics.middleware';
