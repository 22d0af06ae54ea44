export * from './infra';
export * from './eventually';
export * from './startCareGraph';
export * from './amqpCleanup';
export * from './deleteAmqpTopology';
export * from './rabbitNode';
export * from './subgraphHarness';
