/** Values of `BookingSaga.step`: where the saga is, or where it ended. */
export const BookingStep = {
  creatingBill: 'creating_bill',
  awaitingPayment: 'awaiting_payment',
  confirmed: 'confirmed',
  compensated: 'compensated',
  /** Paid, but the appointment could no longer be confirmed: the payment was refunded. */
  refunded: 'refunded',
  /** Payment arrived, the appointment could not be confirmed, and billing had nothing to refund (see README). */
  confirmationFailed: 'confirmation_failed',
  /** The compensation hit a state it cannot undo (see README). */
  compensationFailed: 'compensation_failed',
} as const;
