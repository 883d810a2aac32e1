export * from './mask';
export * from './resident-id';
export * from './uscc';
