import { IllegalStateError } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import { Payment } from '../payments/Payment.entity';
import type { PaymentProcessor } from '../payments/PaymentProcessor';
import { PaymentStatus } from '../payments/PaymentStatus';
import { RefundDeclinedError } from '../payments/RefundDeclinedError';
import type { Bill } from './Bill.entity';
import { billCommand, type BillCommandTarget } from './billCommand';
import { BillStatus } from './BillStatus';

export type RefundBillCommand = BillCommandTarget;

/** The processor idempotency key of a payment's refund: a retry asks for the same refund. */
export const refundKeyOf = (paymentId: string): string => `refund-${paymentId}`;

/**
 * Returns the money of a PAID bill (the booking saga's compensation after payment): refunds its
 * SUCCEEDED payment through `processor`, marks the payment and the bill REFUNDED and records
 * `payment.refunded` + `bill.refunded`, in one transaction with the bill row locked (as payBill
 * and voidBill lock it) from the status check through the processor call to the commit.
 * Idempotent: a REFUNDED bill is returned unchanged and nothing is recorded; and the processor
 * key is derived from the payment id, so a retry after a crash or a rollback that followed the
 * processor call gets the same refund back instead of a second one. Any other status is
 * ILLEGAL_STATE; NOT_FOUND when no bill matches. A refund the processor declines throws
 * RefundDeclinedError (retryable) and changes nothing.
 */
export async function refundBill(em: EntityManager, command: RefundBillCommand, processor: PaymentProcessor): Promise<Bill> {
  const { reason, context, lockBill } = billCommand(command, 'refundBill');

  return em.transactional(async (tx) => {
    const bill = await lockBill(tx);
    if (bill.status === BillStatus.REFUNDED) return bill;
    if (bill.status !== BillStatus.PAID) throw new IllegalStateError(`Bill ${bill.id} is ${bill.status} and cannot be refunded.`);
    const payment = await tx.findOne(Payment, { billId: bill.id, status: PaymentStatus.SUCCEEDED }, { refresh: true });
    if (!payment?.processorReference) throw new IllegalStateError(`Bill ${bill.id} is PAID but has no successful charge to refund.`);

    const outcome = await processor.refund({
      reference: payment.processorReference,
      amountCents: payment.amountCents,
      currency: payment.currency,
      idempotencyKey: refundKeyOf(payment.id),
    });
    if (!outcome.ok) throw new RefundDeclinedError(bill.id, outcome.reason);

    payment.status = PaymentStatus.REFUNDED;
    payment.refundedAt = new Date();
    payment.refundReference = outcome.reference;
    bill.status = BillStatus.REFUNDED;
    bill.refundReason = reason;
    const data = { paymentId: payment.id, amountCents: payment.amountCents, currency: payment.currency, reason };
    recordBillEvent(tx, bill, BillingEvents.paymentRefunded, { ...data, status: payment.status, refundedAt: payment.refundedAt.toISOString() }, context);
    recordBillEvent(tx, bill, BillingEvents.billRefunded, { ...data, status: bill.status, previousStatus: BillStatus.PAID }, context);
    return bill;
  });
}
