export * from './email';
export * from './luhn';
export * from './payment-card';
export * from './phone';
