import { confirmAppointment } from '@caregraph/care';
import { IllegalStateError } from '@caregraph/shared';
import { BookingEvents, parseBillEvent } from '../bookingEvents';
import { commandEm, type BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { recordSagaEvent } from '../recordSagaEvent';
import { addHistory, requireSaga, saveSaga } from '../sagaStore';
import { SagaStatus } from '../SagaStatus';
import { refundAfterEnd, refundBooking } from './refundBooking';

/**
 * payment.succeeded: confirms the appointment and completes the saga, from any RUNNING step
 * (the payment may overtake bill.created). When the appointment can no longer be confirmed (a
 * member cancelled it meanwhile) the payment is refunded and the saga COMPENSATED. A repeat
 * after COMPLETED, or after such a refund, does nothing; after any other end billing is asked
 * to refund whatever it collected (normally nothing: see refundAfterEnd).
 */
export async function completeBooking(ctx: BookingStepContext): Promise<void> {
  const { billId, appointmentId } = parseBillEvent(ctx.event);
  if (!appointmentId) return;
  const saga = await requireSaga(ctx.em, appointmentId);
  if (saga.status === SagaStatus.COMPLETED || saga.step === BookingStep.refunded) return;
  if (saga.status !== SagaStatus.RUNNING) return refundAfterEnd(ctx, saga);

  saga.billId ??= billId;
  addHistory(saga, 'payment', 'succeeded');
  try {
    // Own transaction in care; idempotent (CONFIRMED stays CONFIRMED, no second event).
    await confirmAppointment(commandEm(ctx.care), { appointmentId, causationId: ctx.event.id });
  } catch (error) {
    if (error instanceof IllegalStateError) return refundBooking(ctx, saga, error);
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
