export * from './role-process';
export * from './test-app';
export * from './wait-for';
export * from './dedicated-services';
export * from './stored-logs';
export * from './api-client';
export * from './event-stream';
export * from './count-calls';
