/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GraphQLAnswer {
  status: number;
  body: { data?: Loose | null; errors?: { message: string; path?: (string | number)[]; extensions?: Loose }[] };
}

/**
 * A GraphQL-over-HTTP caller for one endpoint (the gateway's, in end-to-end tests): `post` gives
 * the status and the whole answer, `gql` the data and throws on any error in the answer.
 * `url` may be a function, for endpoints known only once a server started.
 */
export function graphqlAt(url: string | (() => string)) {
  const post = async (query: string, variables: Loose = {}, token?: string): Promise<GraphQLAnswer> => {
    const response = await fetch(typeof url === 'function' ? url() : url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
  };
  const gql = async (query: string, variables: Loose = {}, token?: string): Promise<Loose> => {
    const { body } = await post(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as Loose;
  };
  return { post, gql };
}
