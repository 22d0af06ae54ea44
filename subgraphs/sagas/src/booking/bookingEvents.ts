import { PermanentError, type CloudEvent } from '@caregraph/shared';

/** The `source` of every event and command the sagas schema's outbox records. */
export const SAGAS_SOURCE = '/caregraph/sagas';

/** What the booking saga consumes and emits (catalog in docs/architecture.md; commands and replies in ADR 0010). */
export const BookingEvents = {
  appointmentRequested: 'appointment.requested',
  billCreated: 'bill.created',
  paymentSucceeded: 'payment.succeeded',
  paymentFailed: 'payment.failed',
  /** Scheduled by the saga itself through the outbox's `available_at`. */
  paymentDeadlineReached: 'booking.payment_deadline_reached',
  // Replies to the saga's commands (the owners' contracts).
  billVoided: 'bill.voided',
  billRefunded: 'bill.refunded',
  billingCommandRejected: 'billing.command_rejected',
  billingCommandSkipped: 'billing.command_skipped',
  appointmentConfirmed: 'appointment.confirmed',
  appointmentCancelled: 'appointment.cancelled',
  careCommandRejected: 'care.command_rejected',
  careCommandSkipped: 'care.command_skipped',
  // What it emits.
  completed: 'booking.completed',
  compensated: 'booking.compensated',
  failed: 'booking.failed',
} as const;

/** Replies carry the causation of the command they answer: the event the saga reacted to. */
export const REPLY_TYPES: readonly string[] = [
  BookingEvents.billVoided,
  BookingEvents.billRefunded,
  BookingEvents.billingCommandRejected,
  BookingEvents.appointmentConfirmed,
  BookingEvents.appointmentCancelled,
  BookingEvents.careCommandRejected,
  BookingEvents.billingCommandSkipped,
  BookingEvents.careCommandSkipped,
];

/** The part of `appointment.requested` the saga needs. */
export interface AppointmentRequested {
  appointmentId: string;
  careCircleId: string;
  feeCents: number;
  currency?: string;
}

type Data = Record<string, unknown>;

/** `data[key]` as a non-empty string; missing is a PermanentError unless `optional`. */
export function text(event: CloudEvent, key: string, optional = false): string | undefined {
  const value = (event.data as Data | undefined)?.[key];
  if (typeof value === 'string' && value) return value;
  if (optional && value == null) return undefined;
  throw new PermanentError(`${event.type} ${event.id} has no valid data.${key}`);
}

/** `data[key]` as a number, or a PermanentError. */
export function number(event: CloudEvent, key: string): number {
  const value = (event.data as Data | undefined)?.[key];
  if (typeof value !== 'number') throw new PermanentError(`${event.type} ${event.id} has no valid data.${key}`);
  return value;
}

export function parseAppointmentRequested(event: CloudEvent): AppointmentRequested {
  return { appointmentId: text(event, 'appointmentId')!, careCircleId: text(event, 'careCircleId')!, feeCents: number(event, 'feeCents'), currency: text(event, 'currency', true) };
}

/** The appointment an event is about, if it names one (a bill may belong to none). */
export function appointmentOf(event: CloudEvent): string | undefined {
  const value = (event.data as Data | undefined)?.appointmentId;
  return typeof value === 'string' && value ? value : undefined;
}
