import type { CloudEvent, CommandRejected } from '@caregraph/shared';
import { BookingEvents, number, text } from '../bookingEvents';
import type { BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { SagaStatus } from '../SagaStatus';
import { changing, unchanged, type Transition } from './Transition';

/** Why the money goes back; stored on the bill and carried by billing's refund events. */
export const REFUND_REASON = 'the appointment could no longer be confirmed';
/** Why, when a member cancelled the confirmed, paid appointment before it started. */
export const CANCELLED_REFUND_REASON = 'the appointment was cancelled before it started';

const ENDED: readonly SagaStatus[] = [SagaStatus.COMPENSATED, SagaStatus.FAILED];

/**
 * care refused to confirm (a member cancelled the appointment meanwhile): COMPENSATING /
 * `refunding`, billing is asked to refund the appointment's bill (never a bill named by an event).
 */
export function refundBooking(state: BookingState, event: CloudEvent<CommandRejected>): Transition {
  const { next, note } = changing(state, event);
  note('appointment.confirm', `failed: ${event.data.message}`);
  note('compensation', `started: ${REFUND_REASON}`);
  next.status = SagaStatus.COMPENSATING;
  next.step = BookingStep.refunding;
  next.reason = event.data.message;
  return { state: next, messages: [{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId: state.appointmentId, reason: REFUND_REASON } }] };
}

/**
 * appointment.cancelled (a member's cancelAppointment) of a COMPLETED booking, before the
 * appointment starts: COMPENSATING / `refunding`, billing is asked to refund the paid bill. At
 * or after the start, or in any other state, nothing (the saga's own cancellations are handled
 * while `cancelling`).
 */
export function refundCancelledBooking(state: BookingState | null, event: CloudEvent): Transition {
  if (!state || state.status !== SagaStatus.COMPLETED || state.step !== BookingStep.confirmed) return unchanged(state);
  const startsAt = Date.parse(text(event, 'startsAt', true) ?? '');
  if (!(Date.parse(event.time) < startsAt)) return unchanged(state);
  const { next, note } = changing(state, event);
  note('appointment', 'cancelled by a member before it started');
  note('compensation', `started: ${CANCELLED_REFUND_REASON}`);
  next.status = SagaStatus.COMPENSATING;
  next.step = BookingStep.refunding;
  next.reason = CANCELLED_REFUND_REASON;
  return { state: next, messages: [{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId: state.appointmentId, reason: CANCELLED_REFUND_REASON } }] };
}

/**
 * bill.refunded while refunding, or after the saga ended without completing (a payment.succeeded
 * then asked for it): COMPENSATED / `refunded` with `booking.compensated` carrying the refund.
 */
export function refundedBooking(state: BookingState | null, event: CloudEvent): Transition {
  const afterEnd = !!state && ENDED.includes(state.status) && state.step !== BookingStep.refunded;
  if (!state || (state.step !== BookingStep.refunding && !afterEnd)) return unchanged(state);
  const { next, note } = changing(state, event);
  const amountCents = number(event, 'amountCents');
  const currency = text(event, 'currency')!;
  if (afterEnd) note('payment', `succeeded after the saga was ${state.status}`);
  next.billId ??= text(event, 'billId');
  note('refund', `refunded ${formatMoney(amountCents, currency)}`);
  next.status = SagaStatus.COMPENSATED;
  next.step = BookingStep.refunded;
  const reason = state.reason === CANCELLED_REFUND_REASON ? CANCELLED_REFUND_REASON : REFUND_REASON;
  next.reason = undefined;
  note('booking', 'compensated');
  return { state: next, messages: [{ kind: 'event', type: BookingEvents.compensated, data: { reason, refund: { amountCents, currency } } }] };
}

/**
 * billing refused the refund (the bill is not PAID: nothing was collected, so the
 * payment.succeeded was not billing's). While refunding: FAILED / `confirmation_failed`,
 * `booking.failed`. After the end: a recorded no-op.
 */
export function refundRefused(state: BookingState, event: CloudEvent<CommandRejected>): Transition {
  const why = event.data.message;
  const { next, note } = changing(state, event);
  if (state.step === BookingStep.refunding) {
    note('refund', `not possible: ${why}`);
    next.status = SagaStatus.FAILED;
    next.step = BookingStep.confirmationFailed;
    return { state: next, messages: [{ kind: 'event', type: BookingEvents.failed, data: { reason: `${state.reason} ${why}` } }] };
  }
  if (!ENDED.includes(state.status) || state.step === BookingStep.refunded) return unchanged(state);
  note('payment', `succeeded after the saga was ${state.status}: ignored, billing holds no payment to refund (${why})`);
  return unchanged(next);
}

/** `4500, 'USD'` → `45.00 USD` (minor units as hundredths, as the notifications show them). */
function formatMoney(amountCents: number, currency: string): string {
  return `${(amountCents / 100).toFixed(2)} ${currency}`;
}
