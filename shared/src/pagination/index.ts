export * from './cursor';
export * from './PageInfo';
