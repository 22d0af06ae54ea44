import 'reflect-metadata';

export * from './config';
export * from './logger';
export * from './errors';
export * from './events';
export * from './topology';
export * from './channels';
export * from './auth';
export * from './outbox';
export * from './pubsub';
export * from './broker';
export * from './orm';
export * from './subgraph';
export * from './validation';
export * from './pagination';
export * from './consumers';
export * from './commands';
