import type { CloudEvent } from '@caregraph/shared';
import { appointmentOf, text } from '../bookingEvents';
import type { BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { SagaStatus } from '../SagaStatus';
import { changing, requireState, unchanged, type Transition } from './Transition';

/**
 * bill.created: the saga now waits for payment. Arriving after the payment (out of order) it
 * only notes the bill; a repeat changes nothing. A bill of no appointment is not the saga's.
 */
export function recordBill(state: BookingState | null, event: CloudEvent): Transition {
  const billId = text(event, 'billId')!;
  const appointmentId = appointmentOf(event);
  if (!appointmentId) return unchanged(state);
  const saga = requireState(state, appointmentId);
  if (saga.billId === billId) return unchanged(saga);

  const { next, note } = changing(saga, event);
  next.billId = billId;
  if (saga.status === SagaStatus.RUNNING && saga.step === BookingStep.creatingBill) {
    next.step = BookingStep.awaitingPayment;
    note('bill.created', `received (bill ${billId})`);
  } else {
    note('bill.created', `received late (bill ${billId}), saga ${saga.status}: no change`);
  }
  return unchanged(next);
}
