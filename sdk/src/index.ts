export * from './gql/graphql.js';
export { graphql } from './gql/index.js';
export { createCareGraphClient, type CareGraphClient, type CareGraphClientOptions, type RequestOptions } from './createCareGraphClient.js';
export { CareGraphError, CareGraphNetworkError, CareGraphHttpError, CareGraphSocketError, type TransportErrorCode } from './CareGraphError.js';
export type { TokenProvider, TokenRequest } from './tokenSource.js';
export type { ResumableEvent, ResumableSubscription } from './resumable.js';
