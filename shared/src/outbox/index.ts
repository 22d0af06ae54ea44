export * from './OutboxMessage';
export * from './recordEvent';
export * from './outboxTableSql';
export * from './outboxIndexesMigration';
