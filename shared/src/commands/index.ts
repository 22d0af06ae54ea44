export * from './CommandRejected';
export * from './commandConsumer';
