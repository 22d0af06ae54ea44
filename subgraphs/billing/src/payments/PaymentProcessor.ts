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

/** What billing asks a payment processor to return: all of one earlier charge. */
export interface RefundRequest {
  /** The processor's reference of the charge to refund (ChargeResult.reference). */
  reference: string;
  amountCents: number;
  /** ISO 4217, upper case */
  currency: string;
  /** The processor must refund at most once per key (billing derives it from the payment id). */
  idempotencyKey: string;
}

/** `reference` is the processor's reference of the refund. */
export type RefundResult = { ok: true; reference: string } | { ok: false; reason: string };

/**
 * The port to a payment processor. `charge` resolves with the outcome of a charge it
 * attempted (declines are outcomes, not errors) and throws a ValidationError with field
 * `paymentMethod` for a token it does not recognise, before charging anything; a repeated
 * idempotency key gets the first outcome again. `refund` resolves with the outcome too: a
 * refund it refuses (e.g. `unknown_charge`) is `ok: false` and moves no money, so a retry with
 * the same key is decided afresh, while a key that was refunded gets that refund back.
 */
export interface PaymentProcessor {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
}
