export * from './cursor';
export * from './PageInfo';
export * from './connectionOf';
