/** Stable error codes, surfaced to clients as `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ILLEGAL_STATE'
  | 'CONCURRENCY'
  | 'RATE_LIMITED';

/** Base of every error the domain raises on purpose; anything else is an internal error. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'You must be signed in.') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} was not found.`, { entity, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, field ? { field } : {});
  }
}

export class IllegalStateError extends DomainError {
  constructor(message: string) {
    super('ILLEGAL_STATE', message);
  }
}

export class ConcurrencyError extends DomainError {
  constructor(message = 'The record was changed by someone else; retry.') {
    super('CONCURRENCY', message);
  }
}

/** Too many attempts: `extensions.retryAfter` is the number of seconds until the next try may succeed. */
export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number, message = 'Too many attempts; try again later.') {
    super('RATE_LIMITED', message, { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
