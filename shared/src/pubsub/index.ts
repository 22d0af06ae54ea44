export * from './EventPubSub';
export * from './InMemoryPubSub';
export * from './RedisEventPubSub';
export * from './LivePublisher';
