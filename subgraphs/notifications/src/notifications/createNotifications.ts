import { randomUUID } from 'node:crypto';
import { IllegalStateError, parseId, recordEvent, requireText, ValidationError, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NOTIFICATIONS_SOURCE } from '../common/NotificationsContext';
import { Notification } from './Notification.entity';
import { NotificationChannel } from './NotificationChannel';
import { Priority } from './Priority';

export interface NotificationRecipient {
  userId: string;
  /** Default: the event's `carecircleid`. */
  careCircleId?: string | null;
}

export interface CreateNotificationsInput {
  /** The CloudEvent being notified about; its id is the idempotency key (with the recipient). */
  event: CloudEvent;
  recipients: NotificationRecipient[];
  title: string;
  body: string;
  priority: Priority;
  channels: NotificationChannel[];
}

/** A notification this call inserted, and the `notification.created` it recorded in the outbox for it. */
export interface CreatedNotification {
  notification: Notification;
  created: CloudEvent;
}

const PRIORITIES = new Set<string>(Object.values(Priority));
const CHANNELS = new Set<string>(Object.values(NotificationChannel));

/**
 * Writes one notification per recipient for `event`, inserting only those absent for
 * (recipient, event id), and records `notification.created` in the outbox for each new one
 * (causation = the event's id, correlation copied). Returns only the new notifications, each with
 * its `notification.created`, so a redelivered event creates nothing and records nothing.
 *
 * Must run inside the caller's `em.transactional(...)` (the consumer's, with its inbox row):
 * the rows are inserted at once in that transaction, the outbox rows on its flush, and both
 * commit or roll back with the caller's work. Throws ILLEGAL_STATE outside a transaction.
 */
export async function createNotifications(em: EntityManager, input: CreateNotificationsInput): Promise<CreatedNotification[]> {
  if (!em.isInTransaction()) throw new IllegalStateError('createNotifications must run inside em.transactional(...).');
  const rows = validRows(input);
  if (!rows.length) return [];

  // One statement, so concurrent deliveries of one event wait on the unique index, not race.
  const columns = ['id', 'recipient_id', 'care_circle_id', 'title', 'body', 'priority', 'channels', 'event_id', 'event_type', 'created_at'];
  // channels go as an array literal: the query builder would spread a JS array into a list.
  const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?)').join(', ');
  const values = rows.flatMap((row) => [
    row.id, row.recipientId, row.careCircleId, row.title, row.body, row.priority, `{${row.channels.join(',')}}`, row.eventId, row.eventType, row.createdAt,
  ]);
  const inserted: { id: string }[] = await em.getConnection().execute(
    `insert into "notifications"."notification" (${columns.map((c) => `"${c}"`).join(', ')}) values ${placeholders}
     on conflict ("recipient_id", "event_id") do nothing returning "id"`,
    values,
    'all',
    em.getTransactionContext(),
  );
  const createdIds = new Set(inserted.map((row) => row.id));
  return rows
    .filter((row) => createdIds.has(row.id))
    .map((row) => {
      const notification = em.merge(Notification, row);
      return { notification, created: recordCreated(em, notification, input.event) };
    });
}

function validRows(input: CreateNotificationsInput): Notification[] {
  const { event } = input;
  if (typeof event?.id !== 'string' || !event.id || typeof event.type !== 'string' || !event.type) {
    throw new ValidationError('The event needs an id and a type.', 'event');
  }
  if (!PRIORITIES.has(input.priority)) throw new ValidationError(`Unknown priority "${input.priority}".`, 'priority');
  const channels = [...new Set(input.channels)];
  if (!channels.length || channels.some((channel) => !CHANNELS.has(channel))) {
    throw new ValidationError('channels must hold at least one of IN_APP, EMAIL, PUSH, SMS.', 'channels');
  }
  const title = requireText(input.title, 'title', 200);
  const body = input.body.trim();
  const createdAt = new Date();
  const seen = new Set<string>();
  const rows: Notification[] = [];
  for (const recipient of input.recipients) {
    const recipientId = parseId(recipient.userId, 'recipients.userId');
    if (seen.has(recipientId)) continue;
    seen.add(recipientId);
    const circle = recipient.careCircleId ?? event.carecircleid ?? null;
    rows.push(
      Object.assign(new Notification(), {
        id: randomUUID(),
        recipientId,
        careCircleId: circle == null ? null : parseId(circle, 'recipients.careCircleId'),
        title,
        body,
        priority: input.priority,
        channels,
        eventId: event.id,
        eventType: event.type,
        readAt: null,
        createdAt,
      }),
    );
  }
  return rows;
}

/**
 * A notification is its recipient's alone: its event names no care circle, so it never enters a
 * circle's numbered log, stream or audit log, and carries no title or body (the recipient reads
 * those through `myNotifications` / `notificationReceived`, authorised as themselves).
 */
function recordCreated(em: EntityManager, notification: Notification, event: CloudEvent): CloudEvent {
  return recordEvent(
    em,
    NOTIFICATIONS_SOURCE,
    {
      type: 'notification.created',
      aggregateType: 'Notification',
      aggregateId: notification.id,
      data: {
        notificationId: notification.id,
        recipientId: notification.recipientId,
        priority: notification.priority,
        channels: notification.channels,
        eventId: notification.eventId,
        eventType: notification.eventType,
      },
    },
    { causationId: event.id, correlationId: event.correlationid, causedBy: event.causedby, traceparent: event.traceparent },
  );
}
