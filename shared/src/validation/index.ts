export * from './inputs';
export * from './findUnsafeText';
