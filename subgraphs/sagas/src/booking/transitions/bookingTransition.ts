import type { CloudEvent, CommandRejected } from '@caregraph/shared';
import { appointmentOf, BookingEvents, text } from '../bookingEvents';
import type { BookingSettings, BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { cancelBooking, compensateBooking, compensatedBooking, failCompensation, resumeBooking } from './compensateBooking';
import { declineBooking } from './declineBooking';
import { completeBooking, payBooking } from './completeBooking';
import { recordBill } from './recordBill';
import { refundBooking, refundCancelledBooking, refundedBooking, refundRefused } from './refundBooking';
import { startBooking } from './startBooking';
import { unchanged, type Transition } from './Transition';

type Step = (state: BookingState | null, event: CloudEvent, settings: BookingSettings) => Transition;

const STEPS: Record<string, Step> = {
  [BookingEvents.appointmentRequested]: startBooking,
  [BookingEvents.billCreated]: recordBill,
  [BookingEvents.paymentSucceeded]: payBooking,
  [BookingEvents.paymentFailed]: (state, event, settings) => {
    const appointmentId = appointmentOf(event);
    text(event, 'billId'); // required, as billing always sends it: a payload without it is dead-lettered
    if (!appointmentId) return unchanged(state);
    const why = text(event, 'reason', true) ?? 'unknown';
    const declined = declineBooking(state, event, { appointmentId, why, maxDeclines: settings.maxDeclines });
    return declined ?? compensateBooking(state, event, { appointmentId, reason: `payment failed: ${why}`, seen: ['payment', `failed: ${why}`] });
  },
  [BookingEvents.paymentDeadlineReached]: (state, event) => {
    const [sagaId, appointmentId] = [text(event, 'sagaId')!, text(event, 'appointmentId')!];
    return compensateBooking(state, event, { appointmentId, sagaId, reason: 'payment deadline passed', seen: ['payment.deadline', 'reached'] });
  },
  [BookingEvents.billVoided]: (state, event) => cancelBooking(state, event, 'voided'),
  [BookingEvents.appointmentCancelled]: (state, event) =>
    state?.step === BookingStep.cancelling ? compensatedBooking(state, event) : refundCancelledBooking(state, event),
  [BookingEvents.appointmentConfirmed]: (state, event) => completeBooking(state, event),
  [BookingEvents.billRefunded]: refundedBooking,
  [BookingEvents.billingCommandRejected]: (state, event) => billingRefused(state, event as CloudEvent<CommandRejected>),
  [BookingEvents.careCommandRejected]: (state, event) => careRefused(state, event as CloudEvent<CommandRejected>),
  [BookingEvents.billingCommandSkipped]: (state, event) => (commandOf(event) === 'billing.void_bill' ? cancelBooking(state, event, 'already void') : unchanged(state)),
  [BookingEvents.careCommandSkipped]: (state, event) => careSkipped(state, event),
};

/** Every event type the saga handles: its queue's bindings. */
export const BOOKING_INPUTS = Object.keys(STEPS);

/**
 * One step of the booking saga, pure: from its state (null before it starts) and one event to
 * its next state (the same object when nothing changes) and the messages it sends. Throws
 * PermanentError for an unusable payload and ConcurrencyError for an event that must wait
 * (retried by the runtime). An event type it does not handle changes nothing.
 */
export function bookingTransition(state: BookingState | null, event: CloudEvent, settings: BookingSettings): Transition {
  const step = STEPS[event.type];
  return step ? step(state, event, settings) : unchanged(state);
}

function billingRefused(state: BookingState | null, event: CloudEvent<CommandRejected>): Transition {
  if (!state) return unchanged(state);
  if (event.data.commandType === 'billing.void_bill' && state.step === BookingStep.voiding) {
    return event.data.code === 'NOT_FOUND' ? cancelBooking(state, event, 'no bill to void') : resumeBooking(state, event);
  }
  if (event.data.commandType === 'billing.refund_bill') return refundRefused(state, event);
  return unchanged(state);
}

function careRefused(state: BookingState | null, event: CloudEvent<CommandRejected>): Transition {
  if (event.data.commandType === 'care.confirm_appointment' && state?.step === BookingStep.confirming) return refundBooking(state, event);
  if (event.data.commandType === 'care.cancel_appointment' && state?.step === BookingStep.cancelling) return failCompensation(state, event);
  return unchanged(state);
}

const commandOf = (event: CloudEvent): string | undefined => text(event, 'commandType');

/** care found the command's effect already there: a member cancelled first, or the appointment was confirmed. */
function careSkipped(state: BookingState | null, event: CloudEvent): Transition {
  if (commandOf(event) === 'care.cancel_appointment') return compensatedBooking(state, event, 'already cancelled');
  if (commandOf(event) === 'care.confirm_appointment') return completeBooking(state, event, 'already confirmed');
  return unchanged(state);
}
