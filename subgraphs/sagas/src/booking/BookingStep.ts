/** Values of `BookingSaga.step`: where the saga is, or where it ended. */
export const BookingStep = {
  creatingBill: 'creating_bill',
  awaitingPayment: 'awaiting_payment',
  confirmed: 'confirmed',
  compensated: 'compensated',
  /** Payment arrived but the appointment could no longer be confirmed (see README). */
  confirmationFailed: 'confirmation_failed',
  /** The compensation hit a state it cannot undo (see README). */
  compensationFailed: 'compensation_failed',
} as const;
