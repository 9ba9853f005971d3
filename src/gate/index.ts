export * from './compliance-gate';
export * from './compliance-report';
