import { NotFoundError, parseId, requireText, ValidationError, type EventContext } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Bill } from './Bill.entity';

/** What every saga command on a bill names: the bill, or the appointment it was created for. */
export type BillCommandTarget = ({ billId: string; appointmentId?: never } | { appointmentId: string; billId?: never }) & {
  reason: string;
  causationId?: string;
  correlationId?: string;
};

/** The command's checked reason and event context, and a lookup of its bill locked FOR UPDATE (NOT_FOUND when none). */
export function billCommand(command: BillCommandTarget, name: string) {
  const where: { id?: string; appointmentId?: string } =
    command.billId != null ? { id: parseId(command.billId, 'billId') } : { appointmentId: parseId(requireAppointment(command, name), 'appointmentId') };
  const reason = requireText(command.reason, 'reason', 500);
  const context: EventContext = { causationId: command.causationId, correlationId: command.correlationId };
  const lockBill = async (tx: EntityManager): Promise<Bill> => {
    const bill = await tx.findOne(Bill, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!bill) throw new NotFoundError('Bill', where.id ?? `for appointment ${where.appointmentId}`);
    return bill;
  };
  return { reason, context, lockBill };
}

function requireAppointment(command: { appointmentId?: string }, name: string): string {
  if (command.appointmentId == null) throw new ValidationError(`${name} needs a billId or an appointmentId.`, 'billId');
  return command.appointmentId;
}
