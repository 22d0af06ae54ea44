import { channelNames, REVOKING_EVENT_TYPES, type ConsumerDefinition, type LivePublisher, type SequencedEventMessage } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeCircleLogCursor } from '../circleLog/circleLogCursor';
import { appendToAuditLog } from '../store/appendToAuditLog';

export interface AuditConsumerOptions {
  /** An EntityManager of an ORM on schema `audit` (createOrm with auditEntities / auditMigrations). */
  em: EntityManager;
  /**
   * Where each newly stored event of a care circle is announced, after commit, on the circle's
   * log channel (`channelNames(namespace).careCircleLog`) with its sequence and cursor, and a
   * revoking one (REVOKING_EVENT_TYPES) first on `revocations`. Omit to store only.
   */
  live?: LivePublisher;
}

/**
 * The audit role: every event the `audit` fanout copies to `audit.log` is appended to the
 * event store once. The runtime's inbox (`audit.inbox`) and appendToAuditLog's
 * insert-if-absent both drop duplicates; an event that can never be stored (BAD_USER_INPUT
 * from appendToAuditLog) goes straight to the dead letters.
 *
 * A care circle's events are then published, in commit order per circle as far as Redis
 * keeps it, to the circle's log channel. An announcement lost to a crash or a Redis outage is
 * not lost to subscribers: the gateway notices the gap in sequences at the next event and
 * reads the missing ones back through `careCircleEventLog`.
 *
 * An event that takes access away (`care_circle.member_removed`) is published on the
 * revocations channel just before the circle's log: the circle's steps run one at a time, so the
 * gateway hears of the removal before any later event of that circle. A lost revocation is
 * caught by the gateway's own re-check of a stream whose last check is 30 s old (ADR 0009).
 */
export function auditConsumer(options: AuditConsumerOptions): ConsumerDefinition {
  const channels = options.live ? channelNames(options.live.namespace) : undefined;
  return {
    name: 'audit',
    queue: 'audit.log',
    inboxSchema: 'audit',
    em: options.em,
    // The circle's log numbers its events under one lock: queued here instead, they take their
    // numbers in arrival order (the outbox's, per source) rather than racing for the lock.
    orderingKey: (event) => event.carecircleid?.toLowerCase(),
    async handle(event, em, logger) {
      const { appended, sequence } = await appendToAuditLog(em, event);
      if (!appended) logger.debug('Already in the audit log');
      const { live } = options;
      if (!live || !channels || !appended) return;
      const announcements: [channel: string, payload: unknown][] = [];
      if (REVOKING_EVENT_TYPES.includes(event.type)) announcements.push([channels.revocations, event]);
      if (sequence !== undefined && event.carecircleid) {
        // Ids as the store keeps them (lower case), so live and read-back events compare equal.
        const careCircleId = event.carecircleid.toLowerCase();
        const message: SequencedEventMessage = { ...event, id: event.id.toLowerCase(), carecircleid: careCircleId, sequence, cursor: encodeCircleLogCursor(sequence) };
        announcements.push([channels.careCircleLog(careCircleId), message]);
      }
      if (!announcements.length) return;
      return async () => {
        for (const [channel, payload] of announcements) await live.publish(channel, payload);
      };
    },
  };
}
