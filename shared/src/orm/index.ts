export * from './createOrm';
export * from './ensureDatabase';
