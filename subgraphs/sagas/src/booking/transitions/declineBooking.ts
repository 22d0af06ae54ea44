import type { CloudEvent } from '@caregraph/shared';
import type { BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { SagaStatus } from '../SagaStatus';
import { changing, requireState, type Transition } from './Transition';

const DECLINED = 'declined: ';

/**
 * payment.failed while awaiting the payment, before the `maxDeclines`-th decline: the booking
 * stays open (the bill is payable again), so the owner can try another card until the deadline.
 * The decline is kept in the history, which is also what counts them. Undefined when the
 * booking should give up instead (the last allowed decline, or not awaiting a payment).
 */
export function declineBooking(
  state: BookingState | null,
  event: CloudEvent,
  decline: { appointmentId: string; why: string; maxDeclines: number },
): Transition | undefined {
  const saga = requireState(state, decline.appointmentId);
  if (saga.status !== SagaStatus.RUNNING || saga.step === BookingStep.confirming) return undefined;
  const earlier = saga.history.filter((step) => step.name === 'payment' && step.outcome.startsWith(DECLINED)).length;
  if (earlier + 1 >= decline.maxDeclines) return undefined;
  const { next, note } = changing(saga, event);
  note('payment', `${DECLINED}${decline.why} (${earlier + 1} of ${decline.maxDeclines}; payable until the deadline)`);
  return { state: next, messages: [] };
}
