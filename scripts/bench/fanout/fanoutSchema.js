// The fan-out bench's one subgraph, `events`, and the subscription every server answers. The
// subgraph declares `Subscription.fanoutEvent` so that CareGraph's gateway can plan it; the
// selection holds only event fields, so no server calls a subgraph per event. Hive Gateway gets
// the same subgraph without the Subscription type, and declares the field itself with
// `@resolveTo(pubsubTopic: …)` (additionalTypeDefs), as its docs show.
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const EVENT_TYPE = 'type FanoutEvent { channel: Int! seq: Int! publishedAt: Float! }';
const SUBSCRIPTION_TYPE = 'type Subscription { fanoutEvent(channel: Int!): FanoutEvent! }';

/** Redis topic of channel `k` below the run's prefix: every server subscribes to `<prefix>:ch<k>`. */
const TOPIC_TEMPLATE = 'ch{args.channel}';
const channelName = (prefix, k) => `${prefix}:ch${k}`;

const QUERY = 'subscription Fanout($channel: Int!) { fanoutEvent(channel: $channel) { channel seq publishedAt } }';

const subgraph = (withSubscription) => ({
  events: {
    typeDefs: `${LINK}
      type Query { fanoutPing: Boolean }
      ${EVENT_TYPE}
      ${withSubscription ? SUBSCRIPTION_TYPE : ''}`,
    resolvers: { Query: { fanoutPing: () => true } },
  },
});

/** With the Subscription type (CareGraph); SUBGRAPHS_NO_SUBSCRIPTION for Hive. */
const SUBGRAPHS = subgraph(true);
const SUBGRAPHS_NO_SUBSCRIPTION = subgraph(false);

/** Hive Gateway's additionalTypeDefs: the same field, fed from its pubsub. */
const HIVE_TYPE_DEFS = `extend schema { subscription: Subscription }
  type Subscription { fanoutEvent(channel: Int!): FanoutEvent! @resolveTo(pubsubTopic: "${TOPIC_TEMPLATE}") }`;

module.exports = { SUBGRAPHS, SUBGRAPHS_NO_SUBSCRIPTION, EVENT_TYPE, SUBSCRIPTION_TYPE, TOPIC_TEMPLATE, HIVE_TYPE_DEFS, QUERY, channelName };
