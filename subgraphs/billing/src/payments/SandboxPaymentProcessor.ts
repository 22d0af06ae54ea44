import { ValidationError } from '@caregraph/shared';
import type { ChargeRequest, ChargeResult, PaymentProcessor, RefundRequest, RefundResult } from './PaymentProcessor';

/** Test card tokens the sandbox knows. */
export const SANDBOX_TOKENS = { ok: 'pm_card_ok', declined: 'pm_card_declined' } as const;

const CHARGE_PREFIX = 'sandbox_ch_';
const REFUND_PREFIX = 'sandbox_re_';
/** Outcomes remembered per kind; the oldest is dropped first past this. */
const MAX_REMEMBERED = 10_000;

/**
 * The default processor: no network, deterministic. `pm_card_ok` succeeds, `pm_card_declined`
 * is declined with reason `card_declined`, any other token is BAD_USER_INPUT (field
 * `paymentMethod`). A refund of a charge reference it issued (`sandbox_ch_…`) succeeds; any
 * other reference is refused with reason `unknown_charge`. It recognises its references by
 * their form, not by memory, so a sandbox in another process (the booking saga's) can refund
 * what the billing subgraph's sandbox charged, as one real processor account would. Repeating
 * an idempotency key returns the first outcome of a charge, and the refund made for it
 * (a refused refund moved nothing and is not remembered). Charges and refunds keep separate keys.
 */
export class SandboxPaymentProcessor implements PaymentProcessor {
  /** Remembered outcomes by idempotency key, oldest dropped first past `MAX_REMEMBERED`. */
  private readonly chargeOutcomes = new Map<string, ChargeResult>();
  private readonly refundOutcomes = new Map<string, RefundResult>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    return remember(this.chargeOutcomes, request.idempotencyKey, () => this.decide(request.paymentMethod, request.idempotencyKey));
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const issued = request.reference.startsWith(CHARGE_PREFIX) && request.reference.length > CHARGE_PREFIX.length;
    if (!issued && !this.refundOutcomes.has(request.idempotencyKey)) return { ok: false, reason: 'unknown_charge' };
    return remember(this.refundOutcomes, request.idempotencyKey, () => ({ ok: true, reference: `${REFUND_PREFIX}${request.idempotencyKey}` }));
  }

  private decide(paymentMethod: string, idempotencyKey: string): ChargeResult {
    if (paymentMethod === SANDBOX_TOKENS.ok) return { ok: true, reference: `${CHARGE_PREFIX}${idempotencyKey}` };
    if (paymentMethod === SANDBOX_TOKENS.declined) return { ok: false, reason: 'card_declined' };
    throw new ValidationError(`paymentMethod "${paymentMethod}" is not a payment method the sandbox knows.`, 'paymentMethod');
  }
}

/** The outcome stored under `key`, or the new one `decide` gives (a throw stores nothing). */
function remember<T>(outcomes: Map<string, T>, key: string, decide: () => T): T {
  const previous = outcomes.get(key);
  if (previous) return previous;
  const outcome = decide();
  outcomes.set(key, outcome);
  if (outcomes.size > MAX_REMEMBERED) outcomes.delete(outcomes.keys().next().value!);
  return outcome;
}
