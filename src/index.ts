export * from './key-per-use-policy';
