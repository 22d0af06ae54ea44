import type { SagaStatus } from './SagaStatus';
import type { StoredSagaStep } from './SagaStep';

/** The booking saga's state as the pure functions see it (BookingSaga stores it). */
export interface BookingState {
  id: string;
  appointmentId: string;
  careCircleId: string;
  status: SagaStatus;
  /** A BookingStep value. */
  step: string;
  deadline?: Date;
  billId?: string;
  /** While compensating, why (shown on the cancelled appointment); while refunding, why the appointment could not be confirmed. */
  reason?: string;
  history: StoredSagaStep[];
}

/** What the saga is configured with. */
export interface BookingSettings {
  /** How long a booking waits for its payment. */
  paymentDeadlineMs: number;
  /** Declined payments a booking takes before it is compensated; fewer leave the bill payable with another card until the deadline. */
  maxDeclines: number;
}
