/** Values of `BookingSaga.step`: where the saga is, what it waits for, or where it ended. */
export const BookingStep = {
  creatingBill: 'creating_bill',
  awaitingPayment: 'awaiting_payment',
  /** Paid; care was asked to confirm the appointment. */
  confirming: 'confirming',
  /** Compensating; billing was asked to void the bill. */
  voiding: 'voiding',
  /** Compensating; care was asked to cancel the appointment. */
  cancelling: 'cancelling',
  /** Paid, but the appointment could not be confirmed; billing was asked to refund. */
  refunding: 'refunding',
  confirmed: 'confirmed',
  compensated: 'compensated',
  /** Paid, but the appointment could no longer be confirmed: the payment was refunded. */
  refunded: 'refunded',
  /** Payment arrived, the appointment could not be confirmed, and billing had nothing to refund (see README). */
  confirmationFailed: 'confirmation_failed',
  /** The compensation hit a state it cannot undo (see README). */
  compensationFailed: 'compensation_failed',
} as const;

/** Steps in which a command is out and the saga waits for its reply. */
export const AWAITING_REPLY: readonly string[] = [BookingStep.confirming, BookingStep.voiding, BookingStep.cancelling, BookingStep.refunding];
