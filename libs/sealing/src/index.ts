export * from './content-sealer';
export * from './random-pool';
