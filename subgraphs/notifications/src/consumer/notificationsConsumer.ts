import { channelNames, type AfterCommit, type CloudEvent, type ConsumerDefinition, type LivePublisher, type Logger } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultChannelAdapter } from '../channels/defaultChannelAdapter';
import type { NotificationChannelAdapter } from '../channels/NotificationChannelAdapter';
import { INVITATION_CREATED, invitationEmail } from '../invitations/invitationEmail';
import { createNotifications } from '../notifications/createNotifications';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { matchingRules, notificationRules } from '../rules/notificationRules';
import type { NotificationRule } from '../rules/NotificationRule';
import { resolveRecipients } from '../rules/resolveRecipients';
import { deliverNotifications, type PendingDelivery } from './deliverNotifications';

export interface NotificationsConsumerOptions {
  /** An EntityManager of an ORM on the database holding the `notifications` and `identity` schemas. */
  em: EntityManager;
  /** Adapters replacing the defaults per `channel` (IN_APP no-op, EMAIL from env, log-only PUSH/SMS). */
  adapters?: NotificationChannelAdapter[];
  /** Default: notificationRules. */
  rules?: readonly NotificationRule[];
  /** For the default adapters. */
  logger?: Logger;
  /**
   * Where each new notification's `notification.created` is announced, after commit, on its
   * recipient's channel (`channelNames(namespace).user`; `notificationReceived`). Omit to store only.
   */
  live?: LivePublisher;
}

export interface NotificationsConsumer extends ConsumerDefinition {
  /** Closes the adapters' connections (SMTP). */
  close(): Promise<void>;
}

/**
 * The `notifications` consumer role: matches each event against the rules, writes one
 * notification per recipient with its `notification.created` outbox event (in the runtime's
 * transaction, next to the inbox row), flushes, and only then delivers EMAIL/PUSH/SMS for the
 * notifications that were newly created, so a redelivered event never re-sends. A failed
 * send throws, rolling everything back for a retry: delivery is at-least-once (a retry after a
 * partial failure, or a failed commit after sending, can send a mail twice, with the same
 * Message-ID). `care_circle.invitation_created` is the exception to the rules: one email to the
 * invited address (invitationEmail), no row, since the invitee is not a member.
 *
 * Once committed, each new notification's `notification.created` (the outbox's event, same id)
 * goes to its recipient's channel. That step is best effort, as the runtime's after-commit steps
 * are: a lost announcement leaves the notification in `myNotifications`.
 */
export function notificationsConsumer(options: NotificationsConsumerOptions): NotificationsConsumer {
  const rules = options.rules ?? notificationRules;
  const adapters = new Map((options.adapters ?? []).map((adapter) => [adapter.channel, adapter]));
  // Defaults only for channels not supplied, so an unused default (the log mailer) is never built.
  for (const channel of Object.values(NotificationChannel)) {
    if (!adapters.has(channel)) adapters.set(channel, defaultChannelAdapter(channel, options.logger));
  }

  return {
    name: 'notifications',
    queue: 'notifications.domain',
    bindings: [...new Set([...rules.flatMap((rule) => rule.eventTypes), INVITATION_CREATED])],
    inboxSchema: 'notifications',
    em: options.em,
    async handle(event: CloudEvent, em: EntityManager, logger: Logger) {
      const pending: PendingDelivery[] = [];
      const announcements: Announcement[] = [];
      // An invitee is no member: one email to the invited address, nothing through the rules.
      if (event.type === INVITATION_CREATED) {
        await deliverNotifications([{ adapter: adapters.get(NotificationChannel.EMAIL)!, delivery: await invitationEmail(em, event) }], logger);
        return;
      }
      for (const rule of matchingRules(event, rules)) {
        const recipients = await resolveRecipients(em, rule, event, logger);
        if (!recipients.length) {
          logger.info({ rule: rule.name, eventId: event.id, eventType: event.type }, 'notification rule matched nobody');
          continue;
        }
        const { title, body } = rule.template(event);
        const created = await createNotifications(em, { event, recipients, title, body, priority: rule.priority, channels: rule.channels });
        const addresses = new Map(recipients.map((recipient) => [recipient.userId, recipient]));
        for (const { notification, created: createdEvent } of created) {
          announcements.push({ recipientId: notification.recipientId, createdEvent });
          const to = addresses.get(notification.recipientId)!;
          for (const channel of notification.channels) {
            if (channel === NotificationChannel.IN_APP) continue;
            pending.push({ adapter: adapters.get(channel)!, delivery: { to, title, body, priority: rule.priority, notificationId: notification.id, eventId: event.id } });
          }
        }
      }
      if (pending.length) {
        // The rows and outbox events are written (not yet committed) before anything leaves.
        await em.flush();
        await deliverNotifications(pending, logger);
      }
      return announce(announcements);
    },
    async close() {
      await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
    },
  };

  function announce(announcements: Announcement[]): AfterCommit | undefined {
    const { live } = options;
    if (!live || !announcements.length) return undefined;
    const { user } = channelNames(live.namespace);
    return async () => {
      await Promise.all(announcements.map(({ recipientId, createdEvent }) => live.publish(user(recipientId), createdEvent)));
    };
  }
}

interface Announcement {
  recipientId: string;
  createdEvent: CloudEvent;
}
