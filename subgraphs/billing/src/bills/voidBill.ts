import { IllegalStateError, NotFoundError, parseId, requireText, ValidationError, type EventContext } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import { Bill } from './Bill.entity';
import { BillStatus, PAYABLE } from './BillStatus';

export type VoidBillCommand = ({ billId: string; appointmentId?: never } | { appointmentId: string; billId?: never }) & {
  reason: string;
  causationId?: string;
  correlationId?: string;
};

/**
 * Voids a PENDING or FAILED bill (the booking saga's compensation) and records `bill.voided`,
 * with the bill row locked so a concurrent payBill either finishes first or sees VOID.
 * Voiding a VOID bill is a no-op (no event); a PAID or REFUNDED bill is ILLEGAL_STATE (a PAID
 * one is returned with refundBill). NOT_FOUND when no bill matches.
 */
export async function voidBill(em: EntityManager, command: VoidBillCommand): Promise<Bill> {
  const where: { id?: string; appointmentId?: string } =
    command.billId != null ? { id: parseId(command.billId, 'billId') } : { appointmentId: parseId(requireAppointment(command), 'appointmentId') };
  const reason = requireText(command.reason, 'reason', 500);
  const context: EventContext = { causationId: command.causationId, correlationId: command.correlationId };

  return em.transactional(async (tx) => {
    const bill = await tx.findOne(Bill, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!bill) throw new NotFoundError('Bill', where.id ?? `for appointment ${where.appointmentId}`);
    if (bill.status === BillStatus.VOID) return bill;
    if (!PAYABLE.includes(bill.status)) throw new IllegalStateError(`Bill ${bill.id} is ${bill.status} and cannot be voided.`);
    const previousStatus = bill.status;
    bill.status = BillStatus.VOID;
    bill.voidReason = reason;
    recordBillEvent(tx, bill, BillingEvents.billVoided, { amountCents: bill.amountCents, currency: bill.currency, status: bill.status, previousStatus, reason }, context);
    return bill;
  });
}

function requireAppointment(command: { appointmentId?: string }): string {
  if (command.appointmentId == null) throw new ValidationError('voidBill needs a billId or an appointmentId.', 'billId');
  return command.appointmentId;
}
