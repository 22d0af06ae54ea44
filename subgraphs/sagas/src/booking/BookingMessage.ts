import type { BillingCommand } from '@caregraph/billing/contracts';
import type { CareCommand } from '@caregraph/care/contracts';

/** What the saga emits about itself. */
export type BookingOutcomeType = 'booking.completed' | 'booking.compensated' | 'booking.failed';

/**
 * What one transition of the saga sends, recorded in the sagas outbox with its state: a command
 * to the domain that owns it (exchange `commands`), an event about the saga (`domain.events`), or
 * its own deadline, published when due.
 */
export type BookingMessage =
  | ({ kind: 'command' } & (BillingCommand | CareCommand))
  | { kind: 'event'; type: BookingOutcomeType; data?: Record<string, unknown> }
  | { kind: 'deadline'; at: Date; data: { sagaId: string; appointmentId: string } };
