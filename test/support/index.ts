export * from './infra';
export * from './eventually';
