export * from './loadConfig';
export * from './readEnv';
export * from './careGraphEnv';
