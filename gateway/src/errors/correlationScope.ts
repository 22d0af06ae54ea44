import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the request being processed, for code Apollo Server calls without the
 * request's context (formatError): set per HTTP request and per websocket operation.
 */
export const correlationScope = new AsyncLocalStorage<{ correlationId: string }>();
