import { refundBill, type Bill } from '@caregraph/billing';
import { IllegalStateError, NotFoundError } from '@caregraph/shared';
import { BookingEvents } from '../bookingEvents';
import type { BookingSaga } from '../BookingSaga.entity';
import { commandEm, type BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { recordSagaEvent } from '../recordSagaEvent';
import { addHistory, saveSaga } from '../sagaStore';
import { SagaStatus } from '../SagaStatus';

/** Why the money goes back; stored on the bill and carried by billing's refund events. */
const REFUND_REASON = 'the appointment could no longer be confirmed';

/**
 * The payment succeeded but confirmAppointment said ILLEGAL_STATE (a member cancelled the
 * appointment meanwhile): refund the appointment's bill, then COMPENSATED / `refunded` with
 * `booking.compensated`. refundBill commits in billing first and is idempotent (a REFUNDED
 * bill is a no-op, the processor key is fixed per payment), so a retry after a crash or a
 * ConcurrencyError here refunds nothing twice. A declined refund throws (retryable) and
 * leaves the saga RUNNING. A bill billing cannot refund (not PAID: nothing was collected,
 * so the event was not billing's) leaves the saga FAILED / `confirmation_failed`.
 */
export async function refundBooking(ctx: BookingStepContext, saga: BookingSaga, cause: IllegalStateError): Promise<void> {
  addHistory(saga, 'appointment.confirm', `failed: ${cause.message}`);
  addHistory(saga, 'compensation', `started: ${REFUND_REASON}`);
  saga.status = SagaStatus.COMPENSATING;
  const refund = await tryRefund(ctx, saga);
  if (!refund.ok) {
    addHistory(saga, 'refund', `not possible: ${refund.why}`);
    saga.status = SagaStatus.FAILED;
    saga.step = BookingStep.confirmationFailed;
    recordSagaEvent(ctx, saga, BookingEvents.failed, { reason: `${cause.message} ${refund.why}` });
    await saveSaga(ctx.em);
    ctx.logger.warn({ sagaId: saga.id, why: refund.why }, 'booking saga could not confirm the appointment nor refund the payment');
    return;
  }
  await compensated(ctx, saga, refund.bill);
}

/**
 * payment.succeeded after the saga ended without completing (COMPENSATED by a void, or FAILED).
 * compensateBooking voids the bill under its row lock and payBill refuses a VOID bill, so
 * billing cannot have collected anything: such an event is a copy or forged, and refundBill's
 * ILLEGAL_STATE (not PAID) makes it a recorded no-op. Should billing hold the money anyway,
 * it is refunded and the saga ends COMPENSATED / `refunded`.
 */
export async function refundAfterEnd(ctx: BookingStepContext, saga: BookingSaga): Promise<void> {
  const ended = saga.status;
  const refund = await tryRefund(ctx, saga);
  if (!refund.ok) {
    addHistory(saga, 'payment', `succeeded after the saga was ${ended}: ignored, billing holds no payment to refund (${refund.why})`);
    await saveSaga(ctx.em);
    ctx.logger.warn({ sagaId: saga.id, why: refund.why }, 'payment.succeeded after the booking saga ended, with nothing collected; ignored');
    return;
  }
  addHistory(saga, 'payment', `succeeded after the saga was ${ended}`);
  await compensated(ctx, saga, refund.bill);
}

type RefundOutcome = { ok: true; bill: Bill } | { ok: false; why: string };

/** refundBill on the saga's own appointment (never a bill named by the event). */
async function tryRefund(ctx: BookingStepContext, saga: BookingSaga): Promise<RefundOutcome> {
  const command = { appointmentId: saga.appointmentId, reason: REFUND_REASON, causationId: ctx.event.id, correlationId: ctx.event.correlationid };
  try {
    return { ok: true, bill: await refundBill(commandEm(ctx.billing), command, ctx.paymentProcessor) };
  } catch (error) {
    if (error instanceof IllegalStateError || error instanceof NotFoundError) return { ok: false, why: error.message };
    throw error;
  }
}

async function compensated(ctx: BookingStepContext, saga: BookingSaga, bill: Bill): Promise<void> {
  saga.billId ??= bill.id;
  addHistory(saga, 'refund', `refunded ${formatMoney(bill.amountCents, bill.currency)}`);
  saga.status = SagaStatus.COMPENSATED;
  saga.step = BookingStep.refunded;
  addHistory(saga, 'booking', 'compensated');
  recordSagaEvent(ctx, saga, BookingEvents.compensated, { reason: REFUND_REASON, refund: { amountCents: bill.amountCents, currency: bill.currency } });
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id, appointmentId: saga.appointmentId, billId: bill.id }, 'booking saga compensated: payment refunded');
}

/** `4500, 'USD'` → `45.00 USD` (minor units as hundredths, as the notifications show them). */
function formatMoney(amountCents: number, currency: string): string {
  return `${(amountCents / 100).toFixed(2)} ${currency}`;
}
