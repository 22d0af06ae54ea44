import { raw, type EntityManager } from '@mikro-orm/core';
import { OutboxMessage } from './OutboxMessage';

/**
 * Withdraws the scheduled events recorded with `cancelKey`: every PENDING row with that key whose
 * `available_at` is still in the future becomes CANCELLED, so the relay never publishes it.
 * Runs at once (not at flush) on the entity manager's connection: call it inside the caller's
 * `em.transactional(...)`, before recording the replacement under the same key, so the cancel
 * commits or rolls back with the change that supersedes the schedule. A row already due is left
 * to the relay: it may be publishing it at this moment. Returns how many rows were cancelled.
 */
export function cancelScheduled(em: EntityManager, cancelKey: string): Promise<number> {
  return em.nativeUpdate(
    OutboxMessage,
    { cancelKey, status: 'PENDING', availableAt: { $gt: raw<OutboxMessage, Date>('now()') } },
    { status: 'CANCELLED', processedAt: raw<OutboxMessage, Date>('now()') },
  );
}
