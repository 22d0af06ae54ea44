import { ValidationError, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appointmentOf } from './bookingEvents';
import type { BookingMessage } from './BookingMessage';
import { recordBookingMessages } from './recordBookingMessages';
import { findSaga, saveSaga, stateOf, storeSaga } from './sagaStore';
import { BOOKING_INPUTS, bookingTransition } from './transitions/bookingTransition';

/** How long a booking waits for its payment before it is compensated: 15 minutes. */
export const DEFAULT_PAYMENT_DEADLINE_MS = 15 * 60_000;
/** Declines before a booking gives up ahead of its deadline: 3. */
export const DEFAULT_MAX_DECLINES = 3;

export interface BookingSagaOptions {
  /** The sagas ORM (schema `sagas`: saga state, outbox with its commands, inbox). */
  em: EntityManager;
  /** Default DEFAULT_PAYMENT_DEADLINE_MS. */
  paymentDeadlineMs?: number;
  /** Default DEFAULT_MAX_DECLINES. */
  maxDeclines?: number;
}

/**
 * The orchestrated booking saga as a consumer of queue `sagas.booking` (docs/architecture.md,
 * Booking saga; ADR 0010). Each event reads the saga afresh from `sagas.booking_saga`, takes one
 * pure step (bookingTransition: decide + evolve) and commits the new state with the commands and
 * events it sends, in the sagas outbox, in the runtime's transaction. It touches no other schema.
 */
export function bookingSagaConsumer(options: BookingSagaOptions): ConsumerDefinition {
  const paymentDeadlineMs = options.paymentDeadlineMs ?? DEFAULT_PAYMENT_DEADLINE_MS;
  if (!Number.isFinite(paymentDeadlineMs) || paymentDeadlineMs <= 0) {
    throw new ValidationError('paymentDeadlineMs must be a positive number of milliseconds.', 'paymentDeadlineMs');
  }
  const maxDeclines = options.maxDeclines ?? DEFAULT_MAX_DECLINES;
  if (!Number.isInteger(maxDeclines) || maxDeclines < 1) throw new ValidationError('maxDeclines must be a whole number of at least 1.', 'maxDeclines');
  return {
    name: 'booking-saga',
    queue: 'sagas.booking',
    bindings: BOOKING_INPUTS,
    inboxSchema: 'sagas',
    em: options.em,
    async handle(event: CloudEvent, em, logger) {
      const appointmentId = appointmentOf(event);
      const saga = appointmentId ? await findSaga(em, appointmentId) : null;
      const current = saga && stateOf(saga);
      const { state, messages } = bookingTransition(current, event, { paymentDeadlineMs, maxDeclines });
      if (!state || (state === current && !messages.length)) {
        logger.debug({ eventId: event.id, eventType: event.type }, 'booking saga: nothing to do');
        return;
      }
      const stored = state === current ? saga! : storeSaga(em, saga, state);
      recordBookingMessages(em, stored, event, messages);
      await saveSaga(em);
      logger.info({ sagaId: stored.id, eventId: event.id, eventType: event.type, status: stored.status, step: stored.step, sent: messages.map(describe) }, 'booking saga stepped');
    },
  };
}

const describe = (message: BookingMessage): string => (message.kind === 'deadline' ? 'deadline' : message.type);
