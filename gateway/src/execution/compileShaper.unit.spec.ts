import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping';
import { parse } from 'graphql';
import { compileShaper } from './compileShaper';

const schema = buildSchema(`
  type Query { me: User, users: [User!]!, node(id: ID!): Node, search: [Result], count: Int! }
  interface Node { id: ID! }
  type User implements Node { id: ID!, name: String!, age: Int, role: Role, friends: [User] }
  type Post implements Node { id: ID!, title: String }
  union Result = User | Post
  enum Role { ADMIN MEMBER }
`);

/** compileShaper must answer exactly as Apollo's computeResponse, errors included. */
function both(query: string, input: Record<string, unknown>, variables: Record<string, unknown> = {}) {
  const operation = operationFromDocument(schema, parse(query));
  const apollo = computeResponse({ operation, variables, input, introspectionHandling: () => null });
  const ours = compileShaper(operation)(input, variables);
  const plain = (result: typeof apollo) => ({
    data: JSON.stringify(result.data),
    errors: result.errors.map((error) => ({ message: error.message, path: error.path })),
  });
  return { apollo: plain(apollo), ours: plain(ours) };
}

describe('compileShaper', () => {
  it.each([
    ['fields in query order, aliases and __typename', '{ me { __typename n: name id } count }', { me: { id: '1', n: 'Ada', name: 'x' }, count: 2 }],
    ['null bubbles to the nearest nullable field', '{ me { id name } count }', { me: { id: '1', name: null }, count: 1 }],
    ['null bubbles through a non-null list to the root', '{ users { id name } count }', { users: [{ id: '1', name: null }], count: 1 }],
    ['a nullable list element stays', '{ me { friends { id name } } }', { me: { friends: [{ id: '2', name: 'B' }, null] } }],
    ['abstract types with fragments on the concrete type', '{ search { __typename ... on User { id name } ... on Post { id title } } }',
      { search: [{ __typename: 'User', id: '1', name: 'Ada' }, { __typename: 'Post', id: '9', title: 'T' }] }],
    ['an interface fragment and a named fragment', 'query { node(id: "1") { id ... on Node { __typename } ...U } } fragment U on User { name role }',
      { node: { __typename: 'User', id: '1', name: 'Ada', role: 'ADMIN' } }],
    ['an invalid enum value becomes null with an error', '{ me { role } }', { me: { role: 'OWNER' } }],
    ['an invalid __typename nulls the object', '{ me { id } }', { me: { __typename: 'Nope', id: '1' } }],
    ['a missing non-null root field nulls data', '{ count }', {}],
  ])('%s', (_, query, input) => {
    const { apollo, ours } = both(query, input as Record<string, unknown>);
    expect(ours).toEqual(apollo);
  });

  it('applies @skip and @include from variables and their defaults', () => {
    const query = 'query ($s: Boolean!, $i: Boolean = false) { me { id @skip(if: $s) name @include(if: $i) age @include(if: true) } }';
    const input = { me: { id: '1', name: 'Ada', age: 36 } };
    for (const variables of [{ s: true }, { s: false, i: true }, { s: false }]) {
      const { apollo, ours } = both(query, input, variables);
      expect(ours).toEqual(apollo);
    }
    expect(both(query, input, { s: true }).ours.data).toBe('{"me":{"age":36}}');
  });
});
