import { randomUUID } from 'node:crypto';
import { createBill } from '@caregraph/billing';
import { recordEvent } from '@caregraph/shared';
import { BookingEvents, parseAppointmentRequested, SAGAS_SOURCE } from '../bookingEvents';
import { BookingSaga } from '../BookingSaga.entity';
import { causedBy, commandEm, type BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { addHistory, findSaga, saveSaga } from '../sagaStore';

/**
 * appointment.requested: starts the saga (one per appointment), commands billing to create
 * the bill and schedules the payment deadline. A second request for the same appointment
 * does nothing.
 */
export async function startBooking(ctx: BookingStepContext): Promise<void> {
  const requested = parseAppointmentRequested(ctx.event);
  const { appointmentId, careCircleId } = requested;
  if (await findSaga(ctx.em, appointmentId)) return;

  // Commits in billing's own transaction before the saga does; idempotent per appointment,
  // so a retry after a crash or a lost race here creates no second bill.
  const bill = await createBill(commandEm(ctx.billing), {
    appointmentId,
    careCircleId,
    amountCents: requested.feeCents,
    currency: requested.currency,
    causationId: ctx.event.id,
    correlationId: ctx.event.correlationid,
  });

  const now = new Date();
  const deadline = new Date(now.getTime() + ctx.paymentDeadlineMs);
  const saga = ctx.em.create(BookingSaga, { id: randomUUID(), appointmentId, careCircleId, step: BookingStep.creatingBill, deadline });
  addHistory(saga, 'appointment.requested', 'received', now);
  addHistory(saga, 'bill.create', `requested (bill ${bill.id})`, now);
  addHistory(saga, 'payment.deadline', `scheduled for ${deadline.toISOString()}`, now);
  recordEvent(
    ctx.em,
    SAGAS_SOURCE,
    {
      type: BookingEvents.paymentDeadlineReached,
      // Its own aggregate: the relay holds later rows of an aggregate behind an earlier
      // scheduled one, which would delay booking.completed until the deadline.
      aggregateType: 'BookingSagaDeadline',
      aggregateId: saga.id,
      careCircleId,
      data: { sagaId: saga.id, appointmentId },
      availableAt: deadline,
    },
    causedBy(ctx.event),
  );
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id, appointmentId, billId: bill.id, deadline }, 'booking saga started');
}
