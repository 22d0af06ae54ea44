/**
 * Redis pub/sub channels the realtime bridge publishes to and the gateway subscribes to.
 * Default prefix `caregraph.`; the namespace goes in front of it.
 */
export function channelNames(namespace = '') {
  return {
    careCircle: (careCircleId: string) => `${namespace}caregraph.circle.${careCircleId}`,
    user: (userId: string) => `${namespace}caregraph.user.${userId}`,
  };
}

/** What the realtime bridge publishes: the CloudEvent plus an opaque, per-circle ordered cursor. */
export type LiveEventMessage = import('./events').CloudEvent & { cursor: string };
