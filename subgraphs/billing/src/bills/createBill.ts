import { randomUUID } from 'node:crypto';
import { parseId, requireNonNegative, ValidationError, type EventContext } from '@caregraph/shared';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BillingEvents, recordBillEvent } from '../common/billingEvents';
import { Bill } from './Bill.entity';

export interface CreateBillCommand {
  /** The new bill's id, chosen by the sender so it can name the bill before it exists. Default: a random UUID. */
  billId?: string;
  appointmentId: string;
  careCircleId: string;
  amountCents: number;
  /** ISO 4217 code, default `USD`. */
  currency?: string;
  /** id of the event or command that caused this one (the saga's step). */
  causationId?: string;
  correlationId?: string;
}

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Creates the PENDING bill for an appointment and records `bill.created`, in one transaction.
 * Idempotent per appointment: when a bill for it exists (or a concurrent call creates one
 * first), returns that bill and records nothing. Not part of the public API; the booking saga
 * calls it.
 */
export async function createBill(em: EntityManager, command: CreateBillCommand): Promise<Bill> {
  const id = command.billId == null ? randomUUID() : parseId(command.billId, 'billId');
  const appointmentId = parseId(command.appointmentId, 'appointmentId');
  const careCircleId = parseId(command.careCircleId, 'careCircleId');
  const amountCents = requireNonNegative(command.amountCents, 'amountCents');
  const currency = command.currency ?? 'USD';
  if (!CURRENCY.test(currency)) throw new ValidationError('currency must be a three-letter upper-case ISO 4217 code.', 'currency');
  const context: EventContext = { causationId: command.causationId, correlationId: command.correlationId };

  const existing = () => em.fork().findOne(Bill, { appointmentId });
  const found = await existing();
  if (found) return found;
  try {
    return await em.transactional(async (tx) => {
      const bill = tx.create(Bill, { id, careCircleId, appointmentId, amountCents, currency });
      recordBillEvent(tx, bill, BillingEvents.billCreated, { amountCents, currency, status: bill.status }, context);
      return bill;
    });
  } catch (error) {
    // Lost a race with another createBill for the same appointment: theirs is the bill.
    if (error instanceof UniqueConstraintViolationException) {
      const winner = await existing();
      if (winner) return winner;
    }
    throw error;
  }
}
