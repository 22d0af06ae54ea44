import type { CloudEvent, CommandRejected } from '@caregraph/shared';
import { BookingEvents } from '../bookingEvents';
import type { BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { SagaStatus } from '../SagaStatus';
import { changing, requireState, unchanged, type Transition } from './Transition';

/** Why the saga gives up on the payment: a decline or the deadline. */
export interface CompensationTrigger {
  appointmentId: string;
  /** Shown to members on the cancelled appointment. */
  reason: string;
  /** The history entry for the trigger itself, e.g. `['payment', 'failed: card_declined']`. */
  seen: [name: string, outcome: string];
  /** Set by the deadline event: a deadline of another saga is ignored. */
  sagaId?: string;
}

/**
 * payment.failed or the deadline, while RUNNING and not confirming: COMPENSATING / `voiding`,
 * billing is asked to void the bill first (its row lock makes a concurrent payBill finish first
 * or see VOID); the appointment is cancelled once the bill is void. Otherwise nothing.
 */
export function compensateBooking(state: BookingState | null, event: CloudEvent, trigger: CompensationTrigger): Transition {
  const saga = requireState(state, trigger.appointmentId);
  if (trigger.sagaId && trigger.sagaId !== saga.id) return unchanged(saga);
  if (saga.status !== SagaStatus.RUNNING || saga.step === BookingStep.confirming) return unchanged(saga);
  const { appointmentId, reason } = trigger;
  const { next, note } = changing(saga, event);
  note(...trigger.seen);
  note('compensation', `started: ${reason}`);
  next.status = SagaStatus.COMPENSATING;
  next.step = BookingStep.voiding;
  next.reason = reason;
  return { state: next, messages: [{ kind: 'command', type: 'billing.void_bill', data: { appointmentId, reason } }] };
}

/** bill.voided, or billing skipping (already VOID) or refusing with NOT_FOUND (no bill to void): care is asked to cancel the appointment. */
export function cancelBooking(state: BookingState | null, event: CloudEvent, voided: string): Transition {
  if (state?.step !== BookingStep.voiding) return unchanged(state);
  const { next, note } = changing(state, event);
  note('bill.void', voided);
  next.step = BookingStep.cancelling;
  const reason = state.reason ?? 'booking compensated';
  return { state: next, messages: [{ kind: 'command', type: 'care.cancel_appointment', data: { appointmentId: state.appointmentId, reason } }] };
}

/** The void was refused (the bill is PAID): a payment won the race; its payment.succeeded (same bill, later in order) completes the saga. */
export function resumeBooking(state: BookingState, event: CloudEvent): Transition {
  const { next, note } = changing(state, event);
  next.status = SagaStatus.RUNNING;
  next.step = state.billId ? BookingStep.awaitingPayment : BookingStep.creatingBill;
  next.reason = undefined;
  note('compensation', 'skipped: the bill was paid meanwhile');
  return unchanged(next);
}

/**
 * appointment.cancelled (or care skipping the command: a member cancelled first) while
 * cancelling: COMPENSATED / `compensated`, `booking.compensated`. Otherwise (a member's
 * cancellation before the saga asked) nothing.
 */
export function compensatedBooking(state: BookingState | null, event: CloudEvent, cancelled = `cancelled: ${state?.reason}`): Transition {
  if (state?.step !== BookingStep.cancelling) return unchanged(state);
  const { next, note } = changing(state, event);
  note('appointment.cancel', cancelled);
  next.status = SagaStatus.COMPENSATED;
  next.step = BookingStep.compensated;
  note('booking', 'compensated');
  return { state: next, messages: [{ kind: 'event', type: BookingEvents.compensated, data: { reason: state.reason } }] };
}

/** care refused to cancel (the appointment is COMPLETED): nothing to cancel, the voided bill needs a look. FAILED / `compensation_failed`. */
export function failCompensation(state: BookingState, event: CloudEvent<CommandRejected>): Transition {
  const { next, note } = changing(state, event);
  note('appointment.cancel', `failed: ${event.data.message}`);
  next.status = SagaStatus.FAILED;
  next.step = BookingStep.compensationFailed;
  return { state: next, messages: [{ kind: 'event', type: BookingEvents.failed, data: { reason: event.data.message } }] };
}
