/**
 * The processor refused a refund (e.g. `unknown_charge`). Deliberately not a DomainError nor a
 * PermanentError: the money is still owed, so the consumer runtime retries the command (with
 * backoff) and, once the retries are exhausted, dead-letters the event for an operator.
 */
export class RefundDeclinedError extends Error {
  constructor(
    readonly billId: string,
    readonly reason: string,
  ) {
    super(`The payment processor declined the refund of bill ${billId}: ${reason}; retry.`);
    this.name = 'RefundDeclinedError';
  }
}
