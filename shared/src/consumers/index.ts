export * from './ConsumerDefinition';
export * from './inboxTableSql';
