/** What billing asks a payment processor to collect. */
export interface ChargeRequest {
  amountCents: number;
  /** ISO 4217, upper case */
  currency: string;
  /** the processor's token for a card or account */
  paymentMethod: string;
  /** The processor must charge at most once per key (billing passes the payment id). */
  idempotencyKey: string;
}

export type ChargeResult = { ok: true; reference: string } | { ok: false; reason: string };

/**
 * The port to a payment processor. `charge` resolves with the outcome of a charge it
 * attempted (declines are outcomes, not errors) and throws a ValidationError with field
 * `paymentMethod` for a token it does not recognise, before charging anything.
 */
export interface PaymentProcessor {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
