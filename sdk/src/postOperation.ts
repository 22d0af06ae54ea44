import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import { CareGraphError, CareGraphHttpError, CareGraphNetworkError } from './CareGraphError.js';
import { queryOf } from './queryOf.js';

interface GraphQLAnswer {
  data?: unknown;
  errors?: GraphQLFormattedError[];
}

/**
 * One GraphQL-over-HTTP POST. Resolves with `data`; rejects with a CareGraphError carrying the
 * answer's first `extensions.code` (whatever the HTTP status), with CareGraphHttpError for a
 * non-2xx answer without GraphQL errors or an answer that is not GraphQL, and with
 * CareGraphNetworkError when no answer came.
 */
export async function postOperation(
  url: string,
  document: DocumentNode,
  variables: unknown,
  authorization: string | undefined,
  signal?: AbortSignal,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: queryOf(document), variables: variables ?? {} }),
      signal,
    });
  } catch (error) {
    throw new CareGraphNetworkError(`CareGraph could not be reached at ${url}: ${(error as Error).cause ?? (error as Error).message}`, error);
  }
  let answer: GraphQLAnswer | undefined;
  try {
    answer = JSON.parse(await response.text()) as GraphQLAnswer;
  } catch {
    answer = undefined;
  }
  if (Array.isArray(answer?.errors) && answer.errors.length) throw CareGraphError.fromErrors(answer.errors, response.status);
  if (!response.ok) throw new CareGraphHttpError(`CareGraph answered HTTP ${response.status}`, 'HTTP_ERROR', response.status);
  if (!answer || typeof answer !== 'object' || answer.data === undefined || answer.data === null) {
    throw new CareGraphHttpError(`CareGraph's answer (HTTP ${response.status}) is not a GraphQL response with data`, 'BAD_RESPONSE', response.status);
  }
  return answer.data;
}
