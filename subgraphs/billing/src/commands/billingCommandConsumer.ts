import { COMMAND_SKIPPED, commandConsumer, parseId, type CommandConsumerOptions, type ConsumerDefinition } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Bill } from '../bills/Bill.entity';
import { BillStatus } from '../bills/BillStatus';
import { createBill } from '../bills/createBill';
import { refundBill } from '../bills/refundBill';
import { voidBill } from '../bills/voidBill';
import { BILLING_SOURCE } from '../common/BillingContext';
import type { BillingCommands } from '../contracts';
import type { PaymentProcessor } from '../payments/PaymentProcessor';


export interface BillingCommandConsumerOptions {
  /** billing's ORM (schema `billing`: bills, inbox, outbox). */
  em: EntityManager;
  /** The processor refunds go through: the one the billing subgraph charges with (configuredPaymentProcessor). */
  paymentProcessor: PaymentProcessor;
}

/** The status of the appointment's bill (locked for the transaction), if it has one: a command already applied is skipped. */
async function billStatus(em: EntityManager, appointmentId: string): Promise<BillStatus | undefined> {
  const bill = await em.findOne(Bill, { appointmentId: parseId(appointmentId, 'appointmentId') }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return bill?.status;
}

/** The commands billing owns (contracts/BillingCommands) on queue `billing.commands`; replies are billing's events (ADR 0010). */
export function billingCommandConsumer(options: BillingCommandConsumerOptions): ConsumerDefinition {
  const handlers: CommandConsumerOptions<BillingCommands>['handlers'] = {
    async 'billing.create_bill'(data, em, context) {
      if (await billStatus(em, data.appointmentId)) return COMMAND_SKIPPED;
      await createBill(em, { ...data, causationId: context.causationId, correlationId: context.correlationId });
    },
    async 'billing.void_bill'(data, em, context) {
      if ((await billStatus(em, data.appointmentId)) === BillStatus.VOID) return COMMAND_SKIPPED;
      await voidBill(em, { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId, correlationId: context.correlationId });
    },
    async 'billing.refund_bill'(data, em, context) {
      if ((await billStatus(em, data.appointmentId)) === BillStatus.REFUNDED) return COMMAND_SKIPPED;
      const command = { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId, correlationId: context.correlationId };
      await refundBill(em, command, options.paymentProcessor);
    },
  };
  return commandConsumer({ owner: 'billing', source: BILLING_SOURCE, em: options.em, handlers });
}
