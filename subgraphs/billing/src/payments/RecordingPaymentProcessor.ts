import type { RefundRequest, RefundResult } from './PaymentProcessor';
import { SandboxPaymentProcessor } from './SandboxPaymentProcessor';

/**
 * The sandbox, also recording the refunds it is asked for and the ones it made: for tests that
 * prove a refund happens once, and for demos that want to show what reached the processor.
 */
export class RecordingPaymentProcessor extends SandboxPaymentProcessor {
  readonly refundRequests: RefundRequest[] = [];
  readonly refundsMade = new Set<string>();

  override async refund(request: RefundRequest): Promise<RefundResult> {
    this.refundRequests.push(request);
    const outcome = await super.refund(request);
    if (outcome.ok) this.refundsMade.add(outcome.reference);
    return outcome;
  }

  /** The refund requests for the charge of one payment. */
  requestsFor(paymentId: string): RefundRequest[] {
    return this.refundRequests.filter((request) => request.reference === `sandbox_ch_${paymentId}`);
  }
}
