export * from './api-authorization';
export * from './api-authorization-options';
export * from './managed-truststore';
export * from './secure-api-props';
export * from './secure-api';
export * from './trusted-issuer';
