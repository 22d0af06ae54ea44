import { contractDiff } from './contractDiff';

describe('contractDiff', () => {
  const contract = `
    enum Role { OWNER VIEWER }
    input I { a: ID!  b: String }
    type T { id: ID!  name: String  list(first: Int = 20, after: String): [T!]! }
    type Query { t(id: ID!): T }`;

  it('accepts a superset with the same types and nullability', () => {
    const served = `${contract.replace('type Query { t(id: ID!): T }', 'type Query { t(id: ID!, extra: Int): T  more: Int }')}\n scalar Extra`;
    expect(contractDiff(contract, served)).toEqual([]);
  });

  it('names every missing or different piece', () => {
    const served = `
      enum Role { OWNER }
      input I { a: ID  c: Int! }
      type T { id: ID  list(first: Int = 10): [T!]! }
      type Query { t(id: ID!, must: Int!): T }`;
    expect(contractDiff(contract, served).sort()).toEqual(
      [
        'argument Query.t(must) is required but not in the contract',
        'argument T.list(after) is missing',
        'argument T.list(first) defaults to 10, the contract says 20',
        'enum value Role.VIEWER is missing',
        'field T.id is ID, the contract says ID!',
        'field T.name is missing',
        'input field I.a is ID, the contract says ID!',
        'input field I.b is missing',
        'input field I.c is required but not in the contract',
      ].sort(),
    );
  });
});
