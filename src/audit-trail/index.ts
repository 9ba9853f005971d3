export * from './audit-trail';
export * from './event-filter';
export * from './i-audit-trail';
