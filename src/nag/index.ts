export * from './secure-serverless-checks';
