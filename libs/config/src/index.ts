export * from './app-role';
export * from './env';
