import { PermanentError, type CloudEvent } from '@caregraph/shared';

/** The `source` of every event the sagas schema's outbox records. */
export const SAGAS_SOURCE = '/caregraph/sagas';

/** What the booking saga consumes and emits (catalog in ARCHITECTURE.md). */
export const BookingEvents = {
  appointmentRequested: 'appointment.requested',
  billCreated: 'bill.created',
  paymentSucceeded: 'payment.succeeded',
  paymentFailed: 'payment.failed',
  /** Scheduled by the saga itself through the outbox's `available_at`. */
  paymentDeadlineReached: 'booking.payment_deadline_reached',
  completed: 'booking.completed',
  compensated: 'booking.compensated',
  failed: 'booking.failed',
} as const;

/** The part of `appointment.requested` the saga needs. */
export interface AppointmentRequested {
  appointmentId: string;
  careCircleId: string;
  feeCents: number;
  currency?: string;
}

/** The part of bill.created, payment.succeeded and payment.failed the saga needs. */
export interface BillEvent {
  billId: string;
  /** null for a bill that belongs to no appointment (not the saga's business). */
  appointmentId: string | null;
  reason?: string;
}

export interface PaymentDeadlineReached {
  sagaId: string;
  appointmentId: string;
}

type Data = Record<string, unknown>;

function text(event: CloudEvent, key: string, optional = false): string | undefined {
  const value = (event.data as Data | undefined)?.[key];
  if (typeof value === 'string' && value) return value;
  if (optional && value == null) return undefined;
  throw new PermanentError(`${event.type} ${event.id} has no valid data.${key}`);
}

export function parseAppointmentRequested(event: CloudEvent): AppointmentRequested {
  const feeCents = (event.data as Data | undefined)?.feeCents;
  if (typeof feeCents !== 'number') throw new PermanentError(`${event.type} ${event.id} has no valid data.feeCents`);
  return { appointmentId: text(event, 'appointmentId')!, careCircleId: text(event, 'careCircleId')!, feeCents, currency: text(event, 'currency', true) };
}

export function parseBillEvent(event: CloudEvent): BillEvent {
  return { billId: text(event, 'billId')!, appointmentId: text(event, 'appointmentId', true) ?? null, reason: text(event, 'reason', true) };
}

export function parsePaymentDeadlineReached(event: CloudEvent): PaymentDeadlineReached {
  return { sagaId: text(event, 'sagaId')!, appointmentId: text(event, 'appointmentId')! };
}
