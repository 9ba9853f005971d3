export * from './api-authorization';
export * from './secure-api-props';
export * from './secure-api';
