export * from './createOrm';
export * from './ensureDatabase';
export * from './statementCounter';
