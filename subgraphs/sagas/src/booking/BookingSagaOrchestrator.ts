import type { PaymentProcessor } from '@caregraph/billing';
import { ValidationError, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingEvents, parseBillEvent, parsePaymentDeadlineReached } from './bookingEvents';
import type { BookingStepContext } from './BookingStepContext';
import { compensateBooking } from './steps/compensateBooking';
import { completeBooking } from './steps/completeBooking';
import { recordBill } from './steps/recordBill';
import { startBooking } from './steps/startBooking';

/** How long a booking waits for its payment before it is compensated: 15 minutes. */
export const DEFAULT_PAYMENT_DEADLINE_MS = 15 * 60_000;

export interface BookingSagaOptions {
  /** The sagas ORM (schema `sagas`: saga state, outbox, inbox). */
  em: EntityManager;
  /** care's ORM, for confirmAppointment / cancelAppointmentBySystem. */
  care: EntityManager;
  /** billing's ORM, for createBill / voidBill / refundBill. */
  billing: EntityManager;
  /**
   * Refunds go through it: the same processor (account) billing charges with. No default, so
   * a deployment with a real processor cannot silently refund through the sandbox.
   */
  paymentProcessor: PaymentProcessor;
  /** Default DEFAULT_PAYMENT_DEADLINE_MS. */
  paymentDeadlineMs?: number;
}

type Step = (ctx: BookingStepContext) => Promise<void>;

const STEPS: Record<string, Step> = {
  [BookingEvents.appointmentRequested]: startBooking,
  [BookingEvents.billCreated]: recordBill,
  [BookingEvents.paymentSucceeded]: completeBooking,
  [BookingEvents.paymentFailed]: async (ctx) => {
    const { appointmentId, reason } = parseBillEvent(ctx.event);
    if (!appointmentId) return;
    const why = reason ?? 'unknown';
    await compensateBooking(ctx, { appointmentId, reason: `payment failed: ${why}`, seen: ['payment', `failed: ${why}`] });
  },
  [BookingEvents.paymentDeadlineReached]: async (ctx) => {
    const { sagaId, appointmentId } = parsePaymentDeadlineReached(ctx.event);
    await compensateBooking(ctx, { appointmentId, sagaId, reason: 'payment deadline passed', seen: ['payment.deadline', 'reached'] });
  },
};

/**
 * The orchestrated booking saga as a consumer of queue `sagas.booking` (ARCHITECTURE.md,
 * Booking saga). All state is in `sagas.booking_saga`, read afresh for every event, so a
 * restart resumes where the last commit left off.
 */
export function bookingSagaConsumer(options: BookingSagaOptions): ConsumerDefinition {
  const paymentDeadlineMs = options.paymentDeadlineMs ?? DEFAULT_PAYMENT_DEADLINE_MS;
  if (!Number.isFinite(paymentDeadlineMs) || paymentDeadlineMs <= 0) {
    throw new ValidationError('paymentDeadlineMs must be a positive number of milliseconds.', 'paymentDeadlineMs');
  }
  return {
    name: 'booking-saga',
    queue: 'sagas.booking',
    bindings: Object.keys(STEPS),
    inboxSchema: 'sagas',
    em: options.em,
    async handle(event: CloudEvent, em, logger) {
      const step = STEPS[event.type];
      // Another event bound to the queue (e.g. by an older, wider binding): nothing to do.
      if (!step) {
        logger.debug({ eventType: event.type }, 'booking saga ignores this event type');
        return;
      }
      const { care, billing, paymentProcessor } = options;
      await step({ em, care, billing, paymentProcessor, event, logger: logger.child({ eventId: event.id, eventType: event.type }), paymentDeadlineMs });
    },
  };
}
