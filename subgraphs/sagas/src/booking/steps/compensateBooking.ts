import { voidBill } from '@caregraph/billing';
import { cancelAppointmentBySystem } from '@caregraph/care';
import { IllegalStateError, NotFoundError } from '@caregraph/shared';
import { BookingEvents } from '../bookingEvents';
import type { BookingSaga } from '../BookingSaga.entity';
import { commandEm, type BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { recordSagaEvent } from '../recordSagaEvent';
import { addHistory, requireSaga, saveSaga } from '../sagaStore';
import { SagaStatus } from '../SagaStatus';

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
 * payment.failed or the deadline, while RUNNING: void the bill first (its row lock makes a
 * concurrent payBill finish first or see VOID), then cancel the appointment, then COMPENSATED.
 * After COMPLETED or COMPENSATED it does nothing. Both commands are idempotent, so a retry
 * after a crash between a command and the saga's commit repeats them harmlessly.
 */
export async function compensateBooking(ctx: BookingStepContext, trigger: CompensationTrigger): Promise<void> {
  const saga = await requireSaga(ctx.em, trigger.appointmentId);
  if (trigger.sagaId && trigger.sagaId !== saga.id) return;
  if (saga.status !== SagaStatus.RUNNING) return;

  const { appointmentId, reason } = trigger;
  const causationId = ctx.event.id;
  addHistory(saga, ...trigger.seen);
  addHistory(saga, 'compensation', `started: ${reason}`);
  saga.status = SagaStatus.COMPENSATING;
  try {
    await voidBill(commandEm(ctx.billing), { appointmentId, reason, causationId });
    addHistory(saga, 'bill.void', 'voided');
  } catch (error) {
    // PAID: a payment won the race; its payment.succeeded (same bill, so later in order) completes the saga.
    if (error instanceof IllegalStateError) return resumeWaiting(ctx, saga);
    if (!(error instanceof NotFoundError)) throw error;
    addHistory(saga, 'bill.void', 'no bill to void');
  }
  try {
    await cancelAppointmentBySystem(commandEm(ctx.care), { appointmentId, reason, causationId });
  } catch (error) {
    if (error instanceof IllegalStateError) return failCompensation(ctx, saga, error);
    throw error;
  }
  addHistory(saga, 'appointment.cancel', `cancelled: ${reason}`);
  saga.status = SagaStatus.COMPENSATED;
  saga.step = BookingStep.compensated;
  addHistory(saga, 'booking', 'compensated');
  recordSagaEvent(ctx, saga, BookingEvents.compensated, { reason });
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id, appointmentId, reason }, 'booking saga compensated');
}

async function resumeWaiting(ctx: BookingStepContext, saga: BookingSaga): Promise<void> {
  saga.status = SagaStatus.RUNNING;
  addHistory(saga, 'compensation', 'skipped: the bill was paid meanwhile');
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id }, 'booking saga kept waiting: the bill was paid before it could be voided');
}

/** The appointment already took place: nothing to cancel, the voided bill needs a look. */
async function failCompensation(ctx: BookingStepContext, saga: BookingSaga, error: IllegalStateError): Promise<void> {
  addHistory(saga, 'appointment.cancel', `failed: ${error.message}`);
  saga.status = SagaStatus.FAILED;
  saga.step = BookingStep.compensationFailed;
  recordSagaEvent(ctx, saga, BookingEvents.failed, { reason: error.message });
  await saveSaga(ctx.em);
  ctx.logger.warn({ sagaId: saga.id, err: error }, 'booking saga could not cancel the appointment');
}
