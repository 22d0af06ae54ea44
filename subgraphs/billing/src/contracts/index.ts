import type { CommandRejected, CommandSkipped } from '@caregraph/shared';

/**
 * billing's message contract for other domains (ADR 0010): the commands it accepts on queue
 * `billing.commands` (exchange `commands`, routing key = type) and what it replies with on
 * `domain.events`. Types only: import them with `import type` from `@caregraph/billing/contracts`.
 */
export interface BillingCommands {
  /** Creates the appointment's PENDING bill under `billId` (one bill per appointment). Reply: `bill.created`. */
  'billing.create_bill': { billId: string; appointmentId: string; careCircleId: string; amountCents: number; currency?: string };
  /** Voids the appointment's PENDING or FAILED bill. Reply: `bill.voided`, or rejected (ILLEGAL_STATE when PAID, NOT_FOUND). */
  'billing.void_bill': { appointmentId: string; reason: string };
  /** Refunds the appointment's PAID bill through billing's processor. Reply: `bill.refunded` (+ `payment.refunded`), or rejected (ILLEGAL_STATE when not PAID, NOT_FOUND). */
  'billing.refund_bill': { appointmentId: string; reason: string };
}

export type BillingCommandType = keyof BillingCommands;

/** A command to billing as the sender records it. */
export type BillingCommand = { [K in BillingCommandType]: { type: K; data: BillingCommands[K] } }[BillingCommandType];

/** The data of billing's replies the sender reads (each also carries more; see docs/architecture.md). */
export interface BillingReplies {
  'bill.created': { billId: string; appointmentId: string | null; amountCents: number; currency: string };
  'bill.voided': { billId: string; appointmentId: string | null; reason: string };
  'bill.refunded': { billId: string; appointmentId: string | null; amountCents: number; currency: string; reason: string };
  'billing.command_rejected': CommandRejected<Partial<BillingCommands[BillingCommandType]>>;
  /** The command's effect was already there (e.g. a member cancelled first); nothing was recorded. */
  'billing.command_skipped': CommandSkipped<Partial<BillingCommands[BillingCommandType]>>;
}

export type BillingReplyType = keyof BillingReplies;
