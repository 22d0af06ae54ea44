export * from './OutboxMessage';
export * from './recordEvent';
export * from './outboxTableSql';
export * from './outboxIndexesMigration';
export * from './cancelScheduled';
export * from './outboxCancelMigration';
