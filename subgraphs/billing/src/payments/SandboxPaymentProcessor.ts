import { ValidationError } from '@caregraph/shared';
import type { ChargeRequest, ChargeResult, PaymentProcessor } from './PaymentProcessor';

/** Test card tokens the sandbox knows. */
export const SANDBOX_TOKENS = { ok: 'pm_card_ok', declined: 'pm_card_declined' } as const;

/**
 * The default processor: no network, deterministic. `pm_card_ok` succeeds, `pm_card_declined`
 * is declined with reason `card_declined`, any other token is BAD_USER_INPUT (field
 * `paymentMethod`). Repeating an idempotency key returns the first outcome.
 */
export class SandboxPaymentProcessor implements PaymentProcessor {
  /** Remembered outcomes by idempotency key, oldest dropped first past `MAX_REMEMBERED`. */
  private readonly outcomes = new Map<string, ChargeResult>();
  private static readonly MAX_REMEMBERED = 10_000;

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const previous = this.outcomes.get(request.idempotencyKey);
    if (previous) return previous;
    const outcome = this.decide(request.paymentMethod, request.idempotencyKey);
    this.outcomes.set(request.idempotencyKey, outcome);
    if (this.outcomes.size > SandboxPaymentProcessor.MAX_REMEMBERED) this.outcomes.delete(this.outcomes.keys().next().value!);
    return outcome;
  }

  private decide(paymentMethod: string, idempotencyKey: string): ChargeResult {
    if (paymentMethod === SANDBOX_TOKENS.ok) return { ok: true, reference: `sandbox_ch_${idempotencyKey}` };
    if (paymentMethod === SANDBOX_TOKENS.declined) return { ok: false, reason: 'card_declined' };
    throw new ValidationError(`paymentMethod "${paymentMethod}" is not a payment method the sandbox knows.`, 'paymentMethod');
  }
}
