export * from './key-per-use-policy';
export * from './encrypted-table';
