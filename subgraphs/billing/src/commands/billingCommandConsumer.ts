import { commandConsumer, type ConsumerDefinition, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createBill } from '../bills/createBill';
import { refundBill } from '../bills/refundBill';
import { voidBill } from '../bills/voidBill';
import { BILLING_SOURCE } from '../common/BillingContext';
import type { BillingCommands, BillingCommandType } from '../contracts';
import type { PaymentProcessor } from '../payments/PaymentProcessor';

type Handlers = { [K in BillingCommandType]: (data: BillingCommands[K], em: EntityManager, context: EventContext) => Promise<unknown> };

export interface BillingCommandConsumerOptions {
  /** billing's ORM (schema `billing`: bills, inbox, outbox). */
  em: EntityManager;
  /** The processor refunds go through: the one the billing subgraph charges with (configuredPaymentProcessor). */
  paymentProcessor: PaymentProcessor;
}

/** The commands billing owns (contracts/BillingCommands) on queue `billing.commands`; replies are billing's events (ADR 0010). */
export function billingCommandConsumer(options: BillingCommandConsumerOptions): ConsumerDefinition {
  const handlers: Handlers = {
    'billing.create_bill': (data, em, context) => createBill(em, { ...data, causationId: context.causationId, correlationId: context.correlationId }),
    'billing.void_bill': (data, em, context) => voidBill(em, { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId, correlationId: context.correlationId }),
    'billing.refund_bill': (data, em, context) => refundBill(em, { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId, correlationId: context.correlationId }, options.paymentProcessor),
  };
  return commandConsumer({ owner: 'billing', source: BILLING_SOURCE, em: options.em, handlers: handlers as never });
}
