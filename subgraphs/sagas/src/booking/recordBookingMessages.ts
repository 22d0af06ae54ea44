import { recordEvent, type CloudEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BookingMessage } from './BookingMessage';
import { BookingEvents, REPLY_TYPES, SAGAS_SOURCE } from './bookingEvents';
import type { BookingSaga } from './BookingSaga.entity';

/**
 * Records what a step sends in the sagas outbox, in the step's transaction: commands on exchange
 * `commands` (routing key = command type), `booking.*` on `domain.events`, the deadline due at
 * its time. All are caused by the event that drove the saga (for a reply, the event its command
 * answered), so billing's and care's events name the payment, not the plumbing.
 */
export function recordBookingMessages(em: EntityManager, saga: BookingSaga, cause: CloudEvent, messages: BookingMessage[]): void {
  const context: EventContext = {
    causationId: REPLY_TYPES.includes(cause.type) && cause.causationid ? cause.causationid : cause.id,
    correlationId: cause.correlationid,
    traceparent: cause.traceparent,
  };
  const about = { aggregateType: 'BookingSaga', aggregateId: saga.id, careCircleId: saga.careCircleId };
  for (const message of messages) {
    if (message.kind === 'command') {
      recordEvent(em, SAGAS_SOURCE, { ...about, type: message.type, exchange: 'commands', data: message.data }, context);
    } else if (message.kind === 'deadline') {
      // Its own aggregate: the relay holds later rows of an aggregate behind an earlier
      // scheduled one, which would delay the commands and booking.* until the deadline.
      const deadline = { ...about, aggregateType: 'BookingSagaDeadline', type: BookingEvents.paymentDeadlineReached, data: message.data, availableAt: message.at };
      recordEvent(em, SAGAS_SOURCE, deadline, context);
    } else {
      const data = { sagaId: saga.id, appointmentId: saga.appointmentId, billId: saga.billId ?? null, status: saga.status, step: saga.step, ...message.data };
      recordEvent(em, SAGAS_SOURCE, { ...about, type: message.type, data }, context);
    }
  }
}
