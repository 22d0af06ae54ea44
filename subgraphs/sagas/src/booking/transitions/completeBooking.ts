import { ConcurrencyError, type CloudEvent } from '@caregraph/shared';
import { appointmentOf, BookingEvents, text } from '../bookingEvents';
import type { BookingState } from '../BookingState';
import { AWAITING_REPLY, BookingStep } from '../BookingStep';
import { SagaStatus } from '../SagaStatus';
import { REFUND_REASON } from './refundBooking';
import { changing, requireState, unchanged, type Transition } from './Transition';

/**
 * payment.succeeded: asks care to confirm the appointment, from any RUNNING step (the payment
 * may overtake bill.created). A repeat after COMPLETED, or after a refund, does nothing; while
 * a command is out it is retried (the reply decides). After any other end billing is asked to
 * refund whatever it collected (normally nothing: see refundBooking).
 */
export function payBooking(state: BookingState | null, event: CloudEvent): Transition {
  const billId = text(event, 'billId')!;
  const appointmentId = appointmentOf(event);
  if (!appointmentId) return unchanged(state);
  const saga = requireState(state, appointmentId);
  if (saga.status === SagaStatus.COMPLETED || saga.step === BookingStep.refunded) return unchanged(saga);
  if (AWAITING_REPLY.includes(saga.step)) throw new ConcurrencyError(`The booking saga of appointment ${appointmentId} waits for a reply (${saga.step}); retry.`);
  if (saga.status !== SagaStatus.RUNNING) {
    // Refund after the end: the state changes only with billing's reply.
    return unchanged(saga, [{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId, reason: REFUND_REASON } }]);
  }
  const { next, note } = changing(saga, event);
  next.billId ??= billId;
  note('payment', 'succeeded');
  next.step = BookingStep.confirming;
  return { state: next, messages: [{ kind: 'command', type: 'care.confirm_appointment', data: { appointmentId } }] };
}

/**
 * appointment.confirmed (or care skipping the command: already CONFIRMED) while confirming:
 * COMPLETED / `confirmed`, `booking.completed`. Otherwise nothing.
 */
export function completeBooking(state: BookingState | null, event: CloudEvent, confirmed = 'confirmed'): Transition {
  if (state?.step !== BookingStep.confirming) return unchanged(state);
  const { next, note } = changing(state, event);
  note('appointment.confirm', confirmed);
  next.status = SagaStatus.COMPLETED;
  next.step = BookingStep.confirmed;
  note('booking', 'completed');
  return { state: next, messages: [{ kind: 'event', type: BookingEvents.completed }] };
}
