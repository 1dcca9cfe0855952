// For mutation runs of libs that need only the record vocabulary of @app/logs (ingest): the same
// modules, without the barrel's database module, whose mongoose and Nest graph cost seconds for
// every mutant's test run.
export * from '../../libs/logs/src/log-record.schema';
export * from '../../libs/logs/src/storable-keys';
export type * from '../../libs/logs/src/log-content';
