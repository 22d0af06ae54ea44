import 'reflect-metadata';
import { createLogger, createOrm, migrateUp, serveSubgraph, type Logger } from '@caregraph/shared';
import { billingContextExtender } from './common/BillingContext';
import { billingEntities, billingMigrations } from './entities';
import type { PaymentProcessor } from './payments/PaymentProcessor';
import { SandboxPaymentProcessor } from './payments/SandboxPaymentProcessor';
import { buildBillingSchema } from './schema';

export { buildBillingSchema } from './schema';
export { billingEntities, billingMigrations } from './entities';
export { BILLING_SOURCE, type BillingContext } from './common/BillingContext';
export { BillingEvents, type BillingEventType } from './common/billingEvents';
export { Bill } from './bills/Bill.entity';
export { BillStatus } from './bills/BillStatus';
export { Payment } from './payments/Payment.entity';
export { PaymentStatus } from './payments/PaymentStatus';
export { createBill, type CreateBillCommand } from './bills/createBill';
export { voidBill, type VoidBillCommand } from './bills/voidBill';
export { SandboxPaymentProcessor, SANDBOX_TOKENS } from './payments/SandboxPaymentProcessor';
export type { PaymentProcessor, ChargeRequest, ChargeResult } from './payments/PaymentProcessor';

export interface StartBillingOptions {
  /** Postgres URL; the database must exist (the `billing` schema is created if missing). */
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  /** HS256 secret shared with the gateway and the other subgraphs. */
  jwtSecret: string;
  /** Default: createLogger('billing'). */
  logger?: Logger;
  /** Default: a SandboxPaymentProcessor. */
  paymentProcessor?: PaymentProcessor;
  host?: string;
}

export interface RunningBilling {
  url: string;
  port: number;
  /** Stops serving (draining requests), then closes the database pool. */
  stop(): Promise<void>;
}

/** Opens the ORM on schema `billing`, applies pending migrations and serves the subgraph. */
export async function startBilling(options: StartBillingOptions): Promise<RunningBilling> {
  const logger = options.logger ?? createLogger('billing');
  const orm = await createOrm({ clientUrl: options.databaseUrl, schema: 'billing', entities: billingEntities, migrations: billingMigrations });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'billing migrations applied');
    const { schema } = await buildBillingSchema();
    const server = await serveSubgraph({
      name: 'billing',
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      logger,
      extendContext: billingContextExtender(options.paymentProcessor ?? new SandboxPaymentProcessor()),
    });
    return {
      url: server.url,
      port: server.port,
      stop: async () => {
        await server.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
