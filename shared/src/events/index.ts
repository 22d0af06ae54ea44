export * from './CloudEvent';
