export * from './actions';
export * from './builtin-rules';
export * from './findings';
export * from './redactor';
export * from './rule';
export * from './text-scanner';
export * from './validators';
export * from './rule-index';
