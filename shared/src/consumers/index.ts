export * from './ConsumerDefinition';
export * from './inboxTableSql';
export * from './inboxMigration';
