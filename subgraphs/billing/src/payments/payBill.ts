import { randomUUID } from 'node:crypto';
import { IllegalStateError, NotFoundError, parseId, requireText, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import { Field, ID, InputType } from 'type-graphql';
import { Bill } from '../bills/Bill.entity';
import { BillStatus, PAYABLE } from '../bills/BillStatus';
import type { BillingContext } from '../common/BillingContext';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import { Payment } from './Payment.entity';
import { PaymentStatus } from './PaymentStatus';

@InputType()
export class PayBillInput {
  @Field(() => ID)
  billId!: string;

  @Field()
  paymentMethod!: string;
}

/**
 * Pays a PENDING or FAILED bill (writers only) through the context's PaymentProcessor.
 * The bill row stays locked (`SELECT … FOR UPDATE`) from the status check through the charge
 * to the commit, so concurrent calls on one bill charge at most once: the others then see PAID
 * and get ILLEGAL_STATE. A success writes a SUCCEEDED payment, marks the bill PAID and records
 * `payment.succeeded` + `bill.paid`; a decline writes a FAILED payment with the reason, marks
 * the bill FAILED (payable again) and records `payment.failed`. A token the processor rejects
 * throws before anything is written.
 */
export async function payBill(ctx: BillingContext, input: PayBillInput): Promise<Payment> {
  requireUser(ctx);
  const billId = parseId(input.billId, 'billId');
  const paymentMethod = requireText(input.paymentMethod, 'paymentMethod', 200);
  const known = await ctx.loaders.bill.load(billId);
  if (!known) throw new NotFoundError('Bill', billId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);

  const { bill, payment } = await ctx.em.transactional(async (em) => {
    const bill = await em.findOneOrFail(Bill, billId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!PAYABLE.includes(bill.status)) throw new IllegalStateError(`Bill ${billId} is ${bill.status} and cannot be paid.`);
    const paymentId = randomUUID();
    const outcome = await ctx.paymentProcessor.charge({ amountCents: bill.amountCents, currency: bill.currency, paymentMethod, idempotencyKey: paymentId });
    const payment = em.create(Payment, {
      id: paymentId,
      billId,
      amountCents: bill.amountCents,
      currency: bill.currency,
      status: outcome.ok ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED,
      failureReason: outcome.ok ? null : outcome.reason,
      paymentMethod,
      processorReference: outcome.ok ? outcome.reference : null,
    });
    bill.status = outcome.ok ? BillStatus.PAID : BillStatus.FAILED;
    const data = { paymentId, amountCents: bill.amountCents, currency: bill.currency };
    if (outcome.ok) {
      recordBillEvent(em, bill, BillingEvents.paymentSucceeded, { ...data, status: payment.status }, ctx.eventContext);
      recordBillEvent(em, bill, BillingEvents.billPaid, { ...data, status: bill.status }, ctx.eventContext);
    } else {
      recordBillEvent(em, bill, BillingEvents.paymentFailed, { ...data, status: payment.status, reason: outcome.reason }, ctx.eventContext);
    }
    return { bill, payment };
  });
  ctx.loaders.bill.clear(billId).prime(billId, bill);
  ctx.loaders.paymentsByBill.clear(billId);
  return payment;
}
