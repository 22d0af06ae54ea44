export * from './startEventRelay';
export * from './relay/OutboxRelay';
export * from './relay/OutboxRetention';
export * from './relay/retryDelay';
export * from './ops/outboxStats';
export * from './ops/retryFailedOutbox';
export * from './bridge/RealtimeBridge';
export * from './bridge/cursor';
