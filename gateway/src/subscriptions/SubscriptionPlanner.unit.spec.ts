import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SubscriptionPlanner } from './SubscriptionPlanner';

const ACCOUNTS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id") { id: ID! name: String! }
  type Query { user(id: ID!): User }
`;
const LIVE = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type UserEvent { id: ID! user: User! }
  type Subscription { userEvents: UserEvent! }
`;

describe('SubscriptionPlanner', () => {
  const composition = composeServices([
    { name: 'accounts', typeDefs: parse(ACCOUNTS), url: 'http://127.0.0.1:1/a' },
    { name: 'live', typeDefs: parse(LIVE), url: 'http://127.0.0.1:1/l' },
  ]);
  if (composition.errors) throw composition.errors[0];
  const planner = new SubscriptionPlanner(composition.supergraphSdl);

  it("prepares the gateway's own executor for a plan with entity fetches after the event, and caches the plan", () => {
    const query = 'subscription { userEvents { id user { name } } }';
    const plan = planner.plan(query, parse(query));
    expect(plan.rest).toBeDefined();
    expect(planner.leanOf(plan)?.shape).toEqual(expect.any(Function));
    expect(planner.plan(query, parse(query))).toBe(plan);
  });

  it('prepares it for a selection the event alone answers', () => {
    const query = 'subscription { userEvents { id } }';
    const plan = planner.plan(query, parse(query));
    expect(plan.rest).toBeUndefined();
    expect(planner.leanOf(plan)).toBeDefined();
  });
});
