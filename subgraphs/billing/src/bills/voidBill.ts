import { IllegalStateError } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import type { Bill } from './Bill.entity';
import { billCommand, type BillCommandTarget } from './billCommand';
import { BillStatus, PAYABLE } from './BillStatus';

export type VoidBillCommand = BillCommandTarget;

/**
 * Voids a PENDING or FAILED bill (the booking saga's compensation) and records `bill.voided`,
 * with the bill row locked so a concurrent payBill either finishes first or sees VOID.
 * Voiding a VOID bill is a no-op (no event); a PAID or REFUNDED bill is ILLEGAL_STATE (a PAID
 * one is returned with refundBill). NOT_FOUND when no bill matches.
 */
export async function voidBill(em: EntityManager, command: VoidBillCommand): Promise<Bill> {
  const { reason, context, lockBill } = billCommand(command, 'voidBill');

  return em.transactional(async (tx) => {
    const bill = await lockBill(tx);
    if (bill.status === BillStatus.VOID) return bill;
    if (!PAYABLE.includes(bill.status)) throw new IllegalStateError(`Bill ${bill.id} is ${bill.status} and cannot be voided.`);
    const previousStatus = bill.status;
    bill.status = BillStatus.VOID;
    bill.voidReason = reason;
    recordBillEvent(tx, bill, BillingEvents.billVoided, { amountCents: bill.amountCents, currency: bill.currency, status: bill.status, previousStatus, reason }, context);
    return bill;
  });
}
