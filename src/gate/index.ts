export * from './compliance-gate';
export * from './compliance-report';
export * from './acknowledgements';
