import type { SubgraphAnswer } from './SubgraphAnswer';

/** A buffered subgraph answer as a WHATWG Response, for RemoteGraphQLDataSource's methods. */
export function answerToResponse(answer: SubgraphAnswer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.append(name, value);
  }
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}
