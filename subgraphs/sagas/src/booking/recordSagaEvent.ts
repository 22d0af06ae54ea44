import { recordEvent } from '@caregraph/shared';
import type { BookingSaga } from './BookingSaga.entity';
import { SAGAS_SOURCE } from './bookingEvents';
import { causedBy, type BookingStepContext } from './BookingStepContext';

/** Records `booking.<outcome>` about the saga in the sagas outbox (audit, realtime), in the step's transaction. */
export function recordSagaEvent(ctx: BookingStepContext, saga: BookingSaga, type: string, data: Record<string, unknown> = {}): void {
  recordEvent(
    ctx.em,
    SAGAS_SOURCE,
    {
      type,
      aggregateType: 'BookingSaga',
      aggregateId: saga.id,
      careCircleId: saga.careCircleId,
      data: { sagaId: saga.id, appointmentId: saga.appointmentId, billId: saga.billId ?? null, status: saga.status, step: saga.step, ...data },
    },
    causedBy(ctx.event),
  );
}
