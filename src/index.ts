export * from './key-per-use-policy';
export * from './encrypted-table';
export * from './scoped-function';
export * from './audit-trail';
export * from './secure-api';
export * from './nag';
export * from './gate';
