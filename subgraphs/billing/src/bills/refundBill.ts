import { IllegalStateError, NotFoundError, parseId, requireText, ValidationError, type EventContext } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import { Payment } from '../payments/Payment.entity';
import type { PaymentProcessor } from '../payments/PaymentProcessor';
import { PaymentStatus } from '../payments/PaymentStatus';
import { RefundDeclinedError } from '../payments/RefundDeclinedError';
import { Bill } from './Bill.entity';
import { BillStatus } from './BillStatus';

export type RefundBillCommand = ({ billId: string; appointmentId?: never } | { appointmentId: string; billId?: never }) & {
  /** Stored on the bill and carried by both events, e.g. why the booking could not be kept. */
  reason: string;
  causationId?: string;
  correlationId?: string;
};

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
  const where: { id?: string; appointmentId?: string } =
    command.billId != null ? { id: parseId(command.billId, 'billId') } : { appointmentId: parseId(requireAppointment(command), 'appointmentId') };
  const reason = requireText(command.reason, 'reason', 500);
  const context: EventContext = { causationId: command.causationId, correlationId: command.correlationId };

  return em.transactional(async (tx) => {
    const bill = await tx.findOne(Bill, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!bill) throw new NotFoundError('Bill', where.id ?? `for appointment ${where.appointmentId}`);
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

function requireAppointment(command: { appointmentId?: string }): string {
  if (command.appointmentId == null) throw new ValidationError('refundBill needs a billId or an appointmentId.', 'billId');
  return command.appointmentId;
}
