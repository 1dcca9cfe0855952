export * from './content-sealer';
