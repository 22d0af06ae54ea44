import type { CloudEvent } from '@caregraph/shared';
import { parseAppointmentRequested } from '../bookingEvents';
import type { BookingSettings, BookingState } from '../BookingState';
import { BookingStep } from '../BookingStep';
import { nameUuid } from '../nameUuid';
import { SagaStatus } from '../SagaStatus';
import { unchanged, type Transition } from './Transition';

/**
 * appointment.requested: starts the saga (one per appointment), commands billing to create the
 * bill and schedules the payment deadline at the request's time + the deadline. The saga and
 * bill ids follow from the appointment, so a second request changes nothing and a replayed
 * command creates no second bill.
 */
export function startBooking(state: BookingState | null, event: CloudEvent, settings: BookingSettings): Transition {
  const { appointmentId, careCircleId, feeCents, currency } = parseAppointmentRequested(event);
  if (state) return unchanged(state);
  const id = nameUuid(`booking-saga/${appointmentId}`);
  const billId = nameUuid(`bill/${appointmentId}`);
  const deadline = new Date(Date.parse(event.time) + settings.paymentDeadlineMs);
  const at = event.time;
  return {
    state: {
      id,
      appointmentId,
      careCircleId,
      status: SagaStatus.RUNNING,
      step: BookingStep.creatingBill,
      deadline,
      history: [
        { name: 'appointment.requested', outcome: 'received', at },
        { name: 'bill.create', outcome: `requested (bill ${billId})`, at },
        { name: 'payment.deadline', outcome: `scheduled for ${deadline.toISOString()}`, at },
      ],
    },
    messages: [
      { kind: 'command', type: 'billing.create_bill', data: { billId, appointmentId, careCircleId, amountCents: feeCents, currency } },
      { kind: 'deadline', at: deadline, data: { sagaId: id, appointmentId } },
    ],
  };
}
