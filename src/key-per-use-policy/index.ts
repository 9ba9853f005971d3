export * from './key-use';
export * from './key-per-use-policy';
