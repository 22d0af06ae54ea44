import { recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/core';
import type { Bill } from '../bills/Bill.entity';
import { BILLING_SOURCE } from './BillingContext';

/** Every event type billing emits (catalog in docs/architecture.md). */
export const BillingEvents = {
  billCreated: 'bill.created',
  billPaid: 'bill.paid',
  billVoided: 'bill.voided',
  paymentSucceeded: 'payment.succeeded',
  paymentFailed: 'payment.failed',
  paymentRefunded: 'payment.refunded',
  billRefunded: 'bill.refunded',
} as const;

export type BillingEventType = (typeof BillingEvents)[keyof typeof BillingEvents];

/**
 * Records a billing event about `bill` in its outbox (aggregate Bill, the bill's circle).
 * The data always carries billId and appointmentId so consumers (the booking saga) can
 * correlate without another lookup.
 */
export function recordBillEvent(
  em: EntityManager,
  bill: Bill,
  type: BillingEventType,
  data: Record<string, unknown>,
  context: EventContext,
): void {
  recordEvent(
    em,
    BILLING_SOURCE,
    {
      type,
      aggregateType: 'Bill',
      aggregateId: bill.id,
      careCircleId: bill.careCircleId,
      data: { billId: bill.id, appointmentId: bill.appointmentId ?? null, ...data },
    },
    context,
  );
}
