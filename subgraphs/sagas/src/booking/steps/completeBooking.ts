import { confirmAppointment } from '@caregraph/care';
import { IllegalStateError } from '@caregraph/shared';
import { BookingEvents, parseBillEvent } from '../bookingEvents';
import type { BookingSaga } from '../BookingSaga.entity';
import { commandEm, type BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { recordSagaEvent } from '../recordSagaEvent';
import { addHistory, requireSaga, saveSaga } from '../sagaStore';
import { SagaStatus } from '../SagaStatus';

/**
 * payment.succeeded: confirms the appointment and completes the saga, from any RUNNING step
 * (the payment may overtake bill.created). A repeat after COMPLETED does nothing; after
 * compensation it is only recorded, since the money now needs a refund (not modelled yet).
 */
export async function completeBooking(ctx: BookingStepContext): Promise<void> {
  const { billId, appointmentId } = parseBillEvent(ctx.event);
  if (!appointmentId) return;
  const saga = await requireSaga(ctx.em, appointmentId);
  if (saga.status === SagaStatus.COMPLETED) return;
  if (saga.status !== SagaStatus.RUNNING) {
    addHistory(saga, 'payment', `succeeded after the saga was ${saga.status}: no change, a refund is needed`);
    await saveSaga(ctx.em);
    ctx.logger.warn({ sagaId: saga.id, billId }, 'payment succeeded after the booking saga ended; a refund is needed');
    return;
  }

  saga.billId ??= billId;
  addHistory(saga, 'payment', 'succeeded');
  try {
    // Own transaction in care; idempotent (CONFIRMED stays CONFIRMED, no second event).
    await confirmAppointment(commandEm(ctx.care), { appointmentId, causationId: ctx.event.id });
  } catch (error) {
    if (error instanceof IllegalStateError) return failConfirmation(ctx, saga, error);
    throw error;
  }
  addHistory(saga, 'appointment.confirm', 'confirmed');
  saga.status = SagaStatus.COMPLETED;
  saga.step = BookingStep.confirmed;
  addHistory(saga, 'booking', 'completed');
  recordSagaEvent(ctx, saga, BookingEvents.completed);
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id, appointmentId }, 'booking saga completed');
}

/** The appointment was cancelled or completed meanwhile (e.g. by a member): paid, not bookable. */
async function failConfirmation(ctx: BookingStepContext, saga: BookingSaga, error: IllegalStateError): Promise<void> {
  addHistory(saga, 'appointment.confirm', `failed: ${error.message} A refund is needed.`);
  saga.status = SagaStatus.FAILED;
  saga.step = BookingStep.confirmationFailed;
  recordSagaEvent(ctx, saga, BookingEvents.failed, { reason: error.message });
  await saveSaga(ctx.em);
  ctx.logger.warn({ sagaId: saga.id, err: error }, 'booking saga could not confirm a paid appointment');
}
