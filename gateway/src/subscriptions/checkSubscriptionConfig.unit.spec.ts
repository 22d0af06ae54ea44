import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { loadGatewayConfig } from '../config/loadGatewayConfig';
import { createOperationGuard } from '../limits/createOperationGuard';
import { DEFAULT_LIMITS } from '../limits/GatewayLimits';
import { checkSubscriptionConfig } from './checkSubscriptionConfig';

const root = path.resolve(__dirname, '../../..');
const guard = createOperationGuard(DEFAULT_LIMITS);

describe('checkSubscriptionConfig', () => {
  it("finds nothing wrong with CareGraph's own gateway.config.json against its supergraph", async () => {
    const api = buildSchema(readFileSync(path.join(root, 'api.graphql'), 'utf8'));
    const config = await loadGatewayConfig(path.join(root, 'gateway.config.json'));
    expect(Object.keys(config.subscriptions ?? {})).toHaveLength(5);
    expect(checkSubscriptionConfig(api, config.subscriptions ?? {}, guard.check)).toEqual([]);
  });

  it('names every field and key that cannot work', () => {
    const schema = buildSchema(`
      type Circle { id: ID! }
      type Event { id: ID! }
      type Query { circle(id: ID!): Circle }
      type Subscription { events(circleId: ID!, types: [String!]): Event! }
    `);
    const problems = checkSubscriptionConfig(schema, {
      missing: { channel: 'x', result: {} },
      events: {
        authorize: { query: 'query($circleId: ID!) { circle(id: $circleId) { id } }', require: 'circle.id' },
        channel: 'c.{args.circle}.{auth.member.id}',
        filter: [{ event: 'type', matchesArg: 'kinds' }],
        result: { __typename: 'Evnt', id: '$event.id' },
        sequence: { event: 'n', cursor: 'c', resumeArg: 'after', replay: { query: '{ nope }', connection: 'nope' } },
        shareExecution: { scope: { circle: '{auth.circle.id}', role: '{auth.circle.myRole}' } },
      },
    }, guard.check);
    expect(problems).toEqual([
      'subscriptions.missing.: the supergraph has no Subscription field missing',
      'subscriptions.events.channel: events has no argument circle',
      'subscriptions.events.channel: the authorize query selects no member',
      'subscriptions.events.filter[0]: events has no argument kinds',
      'subscriptions.events.sequence.resumeArg: events has no argument after',
      expect.stringMatching(/^subscriptions\.events\.sequence\.replay\.query: .*nope/),
      'subscriptions.events.result.__typename: the supergraph has no type Evnt',
    ]);
  });

  it('wants an authorize query for {auth.…} placeholders', () => {
    const schema = buildSchema('type Query { x: Int }  type Subscription { ticks: Int }');
    expect(checkSubscriptionConfig(schema, { ticks: { channel: 't.{auth.me.id}', result: {} } }, guard.check)).toEqual([
      'subscriptions.ticks.channel: {auth.me.id} needs an authorize query',
    ]);
  });
});
