import { randomUUID } from 'node:crypto';
import { createOrm } from '@caregraph/shared';
import { startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createBill } from '../bills/createBill';
import { billingEntities, billingMigrations, startBilling, type Bill, type PaymentProcessor, type RunningBilling } from '../index';

export type { GraphQLResponse } from '@caregraph/testing';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface TestUser {
  id: string;
  token: string;
}

/** A running billing subgraph on its own database, an ORM for the commands, and member helpers. */
export interface BillingHarness extends SubgraphHarness<RunningBilling> {
  billing: RunningBilling;
  /** A fresh EntityManager fork, as the booking saga would pass to the command handlers. */
  em(): EntityManager;
  /** A PENDING bill for a new appointment in `careCircleId`, created through createBill. */
  seedBill(careCircleId: string, amountCents?: number): Promise<Bill>;
}

export async function startBillingHarness(label: string, options: { paymentProcessor?: PaymentProcessor } = {}): Promise<BillingHarness> {
  const harness = await startSubgraphHarness(label, (start) => startBilling({ ...start, paymentProcessor: options.paymentProcessor }));
  const orm = await createOrm({ clientUrl: harness.databaseUrl, schema: 'billing', entities: billingEntities, migrations: billingMigrations });
  const em = () => orm.em.fork() as EntityManager;
  return {
    ...harness,
    billing: harness.subgraph,
    em,
    seedBill: (careCircleId, amountCents = 4500) => createBill(em(), { appointmentId: randomUUID(), careCircleId, amountCents }),
    async close() {
      await orm.close();
      await harness.close();
    },
  };
}

export const BILL = `query ($id: ID!) {
  bill(id: $id) { id amountCents currency status createdAt careCircle { id } appointment { id } payments { id status amountCents failureReason } }
}`;

export const PAY_BILL = `mutation ($input: PayBillInput!) {
  payBill(input: $input) { id status amountCents failureReason createdAt bill { id status } }
}`;

export { errorOf } from '@caregraph/testing';

/** The billing outbox rows for one bill, oldest first: [event_type, payload]. */
export async function outboxOf(harness: BillingHarness, billId: string): Promise<{ type: string; payload: Loose }[]> {
  const { rows } = await harness.db.query('select event_type, payload from billing.outbox where aggregate_id = $1 order by sequence', [billId]);
  return rows.map((row) => ({ type: row.event_type as string, payload: row.payload as Loose }));
}
