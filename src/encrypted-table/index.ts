export * from './encrypted-table';
