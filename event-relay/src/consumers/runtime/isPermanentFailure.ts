import { DomainError, PermanentError } from '@caregraph/shared';

/** Errors retrying cannot fix (ConsumerDefinition.handle): PermanentError and BAD_USER_INPUT. */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PermanentError) return true;
  if (error instanceof DomainError) return error.code === 'BAD_USER_INPUT';
  return false;
}
