export * from './startConsumer';
export * from './ConsumerMetrics';
export * from './failureHeaders';
export * from './isPermanentFailure';
