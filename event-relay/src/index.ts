export * from './startEventRelay';
export * from './relay/OutboxRelay';
export * from './relay/retryDelay';
export * from './bridge/RealtimeBridge';
export * from './bridge/cursor';
