import { ConcurrencyError } from '@caregraph/shared';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSaga } from './BookingSaga.entity';

/** The appointment's saga as committed (never a cached copy), or null. */
export function findSaga(em: EntityManager, appointmentId: string): Promise<BookingSaga | null> {
  return em.findOne(BookingSaga, { appointmentId }, { refresh: true });
}

/**
 * The appointment's saga. Missing means billing's event overtook the commit of the saga that
 * caused it (createBill commits before the saga row does), so the runtime should retry.
 */
export async function requireSaga(em: EntityManager, appointmentId: string): Promise<BookingSaga> {
  const saga = await findSaga(em, appointmentId);
  if (!saga) throw new ConcurrencyError(`The booking saga of appointment ${appointmentId} is not committed yet; retry.`);
  return saga;
}

/** Appends one step to the saga's history (a new array, so the change is tracked). */
export function addHistory(saga: BookingSaga, name: string, outcome: string, at = new Date()): void {
  saga.history = [...saga.history, { name, outcome, at: at.toISOString() }];
}

/**
 * Flushes the saga (and any outbox rows). The UPDATE checks `version`: when another handler
 * changed the saga since we read it, or created it first, this is a retryable ConcurrencyError
 * and the runtime's retry re-reads the new state.
 */
export async function saveSaga(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof OptimisticLockError || error instanceof UniqueConstraintViolationException) {
      throw new ConcurrencyError(`The booking saga changed concurrently; retry. (${error.message.split('\n')[0]})`);
    }
    throw error;
  }
}
