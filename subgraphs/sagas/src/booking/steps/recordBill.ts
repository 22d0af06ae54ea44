import { parseBillEvent } from '../bookingEvents';
import { SagaStatus } from '../SagaStatus';
import type { BookingStepContext } from '../BookingStepContext';
import { BookingStep } from '../BookingStep';
import { addHistory, requireSaga, saveSaga } from '../sagaStore';

/**
 * bill.created: the saga now waits for payment. Arriving after the payment (out of order) it
 * only notes the bill; a repeat changes nothing.
 */
export async function recordBill(ctx: BookingStepContext): Promise<void> {
  const { billId, appointmentId } = parseBillEvent(ctx.event);
  if (!appointmentId) return;
  const saga = await requireSaga(ctx.em, appointmentId);
  if (saga.billId === billId) return;

  saga.billId = billId;
  if (saga.status === SagaStatus.RUNNING && saga.step === BookingStep.creatingBill) {
    saga.step = BookingStep.awaitingPayment;
    addHistory(saga, 'bill.created', `received (bill ${billId})`);
  } else {
    addHistory(saga, 'bill.created', `received late (bill ${billId}), saga ${saga.status}: no change`);
  }
  await saveSaga(ctx.em);
  ctx.logger.info({ sagaId: saga.id, billId, step: saga.step }, 'booking saga noted the bill');
}
