import { parse } from 'graphql';
import { projectOperation } from './projectSelection';

describe('projectOperation', () => {
  it('shapes the primary result to the fetch selection with aliases and fragments', () => {
    const document = parse('subscription { e: events(id: "1") { __typename kind: type ... on Event { actor { __typename id } } ...F } } fragment F on Event { id }');
    const root = { events: { __typename: 'Event', type: 't', id: 'e1', actor: { __typename: 'User', id: 'u1', extra: 1 }, unused: 2 } };
    expect(projectOperation(document, root, (condition, typename) => condition === typename)).toEqual({
      e: { __typename: 'Event', kind: 't', actor: { __typename: 'User', id: 'u1' }, id: 'e1' },
    });
  });
});
