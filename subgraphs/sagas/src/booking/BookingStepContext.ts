import type { PaymentProcessor } from '@caregraph/billing';
import type { CloudEvent, EventContext, Logger } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/** What one step of the booking saga works with while it handles one event. */
export interface BookingStepContext {
  /** The sagas ORM, inside the transaction that recorded the inbox row. */
  em: EntityManager;
  /** care's ORM; each command runs in its own transaction on a `commandEm` fork. */
  care: EntityManager;
  /** billing's ORM; each command runs in its own transaction on a `commandEm` fork. */
  billing: EntityManager;
  /** The processor refundBill returns money through (the one billing charged with). */
  paymentProcessor: PaymentProcessor;
  event: CloudEvent;
  logger: Logger;
  paymentDeadlineMs: number;
}

/** Stamps what the saga records or commands with the event that caused it. */
export function causedBy(event: CloudEvent): EventContext {
  return { causationId: event.id, correlationId: event.correlationid, traceparent: event.traceparent };
}

/**
 * A fork of another context's EntityManager for one command. MikroORM resolves an
 * EntityManager through an AsyncLocalStorage keyed by `contextName`, which every createOrm
 * instance shares ('default'): inside the saga's transaction a plain `billing.fork()` would
 * be a fork of the sagas EntityManager. Skipping that resolution keeps the command on its own
 * ORM, in its own transaction.
 */
export function commandEm(em: EntityManager): EntityManager {
  return em.fork({ disableContextResolution: true });
}
