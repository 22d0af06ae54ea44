import { ConcurrencyError } from '@caregraph/shared';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSaga } from './BookingSaga.entity';
import type { BookingState } from './BookingState';

/** The appointment's saga as committed (never a cached copy), or null. */
export function findSaga(em: EntityManager, appointmentId: string): Promise<BookingSaga | null> {
  return em.findOne(BookingSaga, { appointmentId }, { refresh: true });
}

/** The stored saga as the pure functions see it. */
export function stateOf(saga: BookingSaga): BookingState {
  const { id, appointmentId, careCircleId, status, step, deadline, billId, reason, history } = saga;
  return { id, appointmentId, careCircleId, status, step, deadline, billId, reason: reason ?? undefined, history };
}

/** Writes a new state: onto the stored saga (its UPDATE checks `version`), or as a new saga. */
export function storeSaga(em: EntityManager, saga: BookingSaga | null, state: BookingState): BookingSaga {
  if (!saga) return em.create(BookingSaga, { ...state, reason: state.reason ?? null });
  return Object.assign(saga, { ...state, reason: state.reason ?? null });
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
