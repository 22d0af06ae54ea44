import { topicMatches, type CloudEvent } from '@caregraph/shared';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { Priority } from '../notifications/Priority';
import type { NotificationRule } from './NotificationRule';

const { IN_APP, EMAIL, PUSH, SMS } = NotificationChannel;

/** Event data is untyped JSON; templates read it defensively. */
const text = (event: CloudEvent, field: string): string | undefined => {
  const value = event.data?.[field];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

const when = (event: CloudEvent): string => {
  const startsAt = text(event, 'startsAt');
  return startsAt ? ` on ${new Date(startsAt).toUTCString()}` : '';
};

const money = (event: CloudEvent): string => {
  const cents = event.data?.amountCents;
  const currency = text(event, 'currency') ?? '';
  return typeof cents === 'number' ? `${(cents / 100).toFixed(2)} ${currency}`.trim() : 'A payment';
};

/**
 * Every notification CareGraph sends, in one place (docs/architecture.md, Notifications). Each
 * matching rule applies; a person is notified at most once per event (the writer's unique
 * key), by the first rule that names them. Every notification is also an in-app row, so
 * every rule lists IN_APP.
 *
 * The actor is excluded only where a rule says so (`exceptActor`): whoever raises an emergency
 * alert is not told about their own alert.
 */
export const notificationRules: NotificationRule[] = [
  {
    name: 'emergency-alert',
    eventTypes: ['emergency.alert.created'],
    recipients: ['ALL_MEMBERS'],
    exceptActor: true,
    channels: [IN_APP, EMAIL, PUSH, SMS],
    priority: Priority.CRITICAL,
    template: (event) => ({ title: 'Emergency alert', body: text(event, 'message') ?? 'An emergency alert was raised in your care circle.' }),
  },
  {
    // care's reminders before a confirmed appointment (APPOINTMENT_REMINDER_OFFSETS_MINUTES, ADR 0012).
    name: 'appointment-reminder',
    eventTypes: ['appointment.reminder'],
    recipients: ['ALL_MEMBERS'],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => ({ title: 'Appointment reminder', body: `${text(event, 'title') ?? 'An appointment'}${when(event)}${text(event, 'location') ? ` at ${text(event, 'location')}` : ''}.` }),
  },
  {
    // A dose nobody logged within the grace period after it was due (care's reminders, ADR 0012).
    name: 'medication-dose-overdue',
    eventTypes: ['medication.dose_overdue'],
    recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.HIGH,
    template: (event) => {
      const dueAt = text(event, 'dueAt');
      const medication = [text(event, 'name'), text(event, 'dosage')].filter(Boolean).join(' ') || 'A medication';
      return { title: 'Dose overdue', body: `${medication}${dueAt ? `, due ${new Date(dueAt).toUTCString()},` : ''} has not been logged.` };
    },
  },
  {
    name: 'medication-missed-or-skipped',
    eventTypes: ['medication.logged'],
    when: (event) => ['MISSED', 'SKIPPED'].includes(String(event.data?.status)),
    recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }],
    channels: [IN_APP, EMAIL, PUSH],
    priority: Priority.HIGH,
    template: (event) => {
      const status = String(event.data.status).toLowerCase();
      const note = text(event, 'note');
      return { title: `Medication ${status}`, body: `A dose was marked ${status}${note ? `: ${note}` : '.'}` };
    },
  },
  {
    name: 'medication-refill-needed',
    eventTypes: ['medication.refill_needed'],
    recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.HIGH,
    template: (event) => ({ title: 'Medication refill needed', body: `Only ${event.data?.supplyRemaining ?? 'a few'} doses left; time to refill.` }),
  },
  {
    // A partner pharmacy's signed event, recorded by care's POST /ingest/events (ADR 0013).
    name: 'partner-refill-ready',
    eventTypes: ['partner.pharmacy.refill_ready'],
    recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => {
      const where = text(event, 'pickupLocation');
      const from = text(event, 'partnerName');
      return { title: 'Refill ready for pickup', body: `${text(event, 'medicationName') ?? 'A medication'} is ready for pickup${where ? ` at ${where}` : ''}${from ? ` (${from})` : ''}.` };
    },
  },
  {
    name: 'appointment-confirmed',
    eventTypes: ['appointment.confirmed'],
    recipients: [{ role: 'OWNER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => ({ title: 'Appointment confirmed', body: `"${text(event, 'title') ?? 'The appointment'}"${when(event)} is confirmed.` }),
  },
  {
    name: 'appointment-cancelled',
    eventTypes: ['appointment.cancelled'],
    recipients: [{ role: 'OWNER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => {
      const reason = text(event, 'reason');
      return { title: 'Appointment cancelled', body: `"${text(event, 'title') ?? 'The appointment'}"${when(event)} was cancelled${reason ? `: ${reason}` : '.'}` };
    },
  },
  {
    name: 'payment-failed',
    eventTypes: ['payment.failed'],
    recipients: [{ role: 'OWNER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.HIGH,
    template: (event) => {
      const reason = text(event, 'reason');
      return { title: 'Payment failed', body: `${money(event)} could not be charged${reason ? `: ${reason}` : '.'}` };
    },
  },
  {
    // The booking saga's refund (payment taken, appointment no longer bookable): the owner, who
    // was told about the cancellation, learns the money went back.
    name: 'payment-refunded',
    eventTypes: ['payment.refunded'],
    recipients: [{ role: 'OWNER' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => {
      const reason = text(event, 'reason');
      return { title: 'Payment refunded', body: `${money(event)} was refunded${reason ? `: ${reason}` : '.'}` };
    },
  },
  {
    name: 'member-welcome',
    eventTypes: ['care_circle.member_added'],
    recipients: [{ dataField: 'userId' }],
    channels: [IN_APP, EMAIL],
    priority: Priority.NORMAL,
    template: (event) => ({
      title: 'Welcome to your care circle',
      body: `You were added to a care circle on CareGraph${text(event, 'role') ? ` as ${text(event, 'role')}` : ''}.`,
    }),
  },
];

/** The rules that apply to `event`, in order: a type pattern matches and `when` (if any) holds. */
export function matchingRules(event: CloudEvent, rules: readonly NotificationRule[] = notificationRules): NotificationRule[] {
  return rules.filter((rule) => rule.eventTypes.some((pattern) => topicMatches(pattern, event.type)) && (rule.when?.(event) ?? true));
}
