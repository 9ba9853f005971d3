export * from './scoped-function-props';
export * from './scoped-function';
