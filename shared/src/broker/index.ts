export * from './MessageBroker';
export * from './TopologySpec';
export * from './TopologyReport';
export * from './careGraphTopology';
export * from './BrokerError';
export * from './topicMatches';
export * from './InMemoryBroker';
export * from './AmqpBroker';
