import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { billingContextExtender } from './common/BillingContext';
import { billingEntities, billingMigrations } from './entities';
import type { PaymentProcessor } from './payments/PaymentProcessor';
import { configuredPaymentProcessor } from './payments/configuredPaymentProcessor';
import { buildBillingSchema } from './schema';

export { buildBillingSchema } from './schema';
export { billingEntities, billingMigrations } from './entities';
export { BILLING_SOURCE, type BillingContext } from './common/BillingContext';
export { BillingEvents, type BillingEventType } from './common/billingEvents';
export { Bill } from './bills/Bill.entity';
export { BillStatus } from './bills/BillStatus';
export { Payment } from './payments/Payment.entity';
export { PaymentStatus } from './payments/PaymentStatus';
export { billingCommandConsumer, type BillingCommandConsumerOptions } from './commands/billingCommandConsumer';
export { configuredPaymentProcessor } from './payments/configuredPaymentProcessor';
export { RefundDeclinedError } from './payments/RefundDeclinedError';
export { SandboxPaymentProcessor, SANDBOX_TOKENS } from './payments/SandboxPaymentProcessor';
export { RecordingPaymentProcessor } from './payments/RecordingPaymentProcessor';
export type { PaymentProcessor, ChargeRequest, ChargeResult, RefundRequest, RefundResult } from './payments/PaymentProcessor';

export interface StartBillingOptions extends StartSubgraphOptions {
  /** Default: configuredPaymentProcessor() (PAYMENT_PROCESSOR). */
  paymentProcessor?: PaymentProcessor;
}

export type RunningBilling = RunningServer;

/** Opens the ORM on schema `billing`, applies pending migrations and serves the subgraph. */
export function startBilling(options: StartBillingOptions): Promise<RunningBilling> {
  return startSubgraph(
    {
      name: 'billing',
      entities: billingEntities,
      migrations: billingMigrations,
      buildSchema: buildBillingSchema,
      extendContext: billingContextExtender(options.paymentProcessor ?? configuredPaymentProcessor()),
    },
    options,
  );
}
