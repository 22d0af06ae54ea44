import { billingCommandConsumer, billingEntities, billingMigrations, configuredPaymentProcessor } from '@caregraph/billing';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The billing role: billing's command consumer on `billing.commands` (ADR 0010), on an ORM of
 * schema `billing`; refunds go through billing's configuredPaymentProcessor (PAYMENT_PROCESSOR),
 * the processor the billing subgraph charges with. The billing subgraph migrates that schema
 * (its inbox included); a command that comes before is retried.
 */
export async function billingRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'billing', entities: billingEntities, migrations: billingMigrations, migrate: false });
  return { consumers: [billingCommandConsumer({ em, paymentProcessor: configuredPaymentProcessor(config.env) })], close: () => orm.close() };
}
