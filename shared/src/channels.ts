/**
 * Redis pub/sub channels the consumers announce on after they commit, and the gateway subscribes
 * to (gateway.config.json). Default prefix `caregraph.`; the namespace goes in front of it.
 */
export function channelNames(namespace = '') {
  return {
    /** A user's own live events: the notifications consumer's `notification.created` for that recipient. */
    user: (userId: string) => `${namespace}caregraph.user.${userId}`,
    /** The care circle's log: events in the order the audit event store numbered them (see SequencedEventMessage). */
    careCircleLog: (careCircleId: string) => `${namespace}caregraph.circle-log.${careCircleId}`,
    /**
     * Events that take access away (REVOKING_EVENT_TYPES): the gateway re-authorises every live
     * stream of the user named at `data.userId` (gateway.config.json `revocation`).
     */
    revocations: `${namespace}caregraph.revocations`,
  };
}

/** Event types announced on `revocations`: each takes a user's access to a care circle away. */
export const REVOKING_EVENT_TYPES: readonly string[] = ['care_circle.member_removed'];

/**
 * What the audit role publishes on `careCircleLog` after storing an event: the CloudEvent plus
 * its number in the circle's log (1, 2, 3… with no gaps) and the matching resume cursor.
 */
export type SequencedEventMessage = import('./events').CloudEvent & { sequence: number; cursor: string };
