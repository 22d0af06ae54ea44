export * from './DomainError';
export * from './formatError';
