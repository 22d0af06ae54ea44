import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ConflictError } from '@caregraph/shared';

/**
 * Runs `work`, turning a unique-constraint violation (two requests racing past our own
 * existence check) into the same CONFLICT the check would have raised.
 */
export async function conflictOnDuplicate<T>(work: () => Promise<T>, conflict: () => ConflictError): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict();
    throw error;
  }
}
