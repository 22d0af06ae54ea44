/**
 * Redis pub/sub channels the realtime bridge publishes to and the gateway subscribes to.
 * Default prefix `caregraph.`; the namespace goes in front of it.
 */
export function channelNames(namespace = '') {
  return {
    careCircle: (careCircleId: string) => `${namespace}caregraph.circle.${careCircleId}`,
    user: (userId: string) => `${namespace}caregraph.user.${userId}`,
    /** The care circle's log: events in the order the audit event store numbered them (see SequencedEventMessage). */
    careCircleLog: (careCircleId: string) => `${namespace}caregraph.circle-log.${careCircleId}`,
    /**
     * Events that take access away (`care_circle.member_removed`): the gateway re-authorises every live
     * stream of the user named at `data.userId` (gateway.config.json `revocation`).
     */
    revocations: `${namespace}caregraph.revocations`,
  };
}

/** What the realtime bridge publishes: the CloudEvent plus an opaque, per-circle ordered cursor. */
export type LiveEventMessage = import('./events').CloudEvent & { cursor: string };

/**
 * What the audit role publishes on `careCircleLog` after storing an event: the CloudEvent plus
 * its number in the circle's log (1, 2, 3… with no gaps) and the matching resume cursor.
 */
export type SequencedEventMessage = import('./events').CloudEvent & { sequence: number; cursor: string };
