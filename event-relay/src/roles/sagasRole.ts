import { billingEntities, billingMigrations, SandboxPaymentProcessor } from '@caregraph/billing';
import { careEntities, careMigrations } from '@caregraph/care';
import { bookingSagaConsumer, sagasEntities, sagasMigrations } from '@caregraph/sagas';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The sagas role: the booking saga on `sagas.booking`, with its state in schema `sagas` and
 * the care and billing commands it sends on their own ORMs (their subgraphs migrate those).
 * `BOOKING_PAYMENT_DEADLINE_MS` sets the payment deadline (default 15 minutes). Refunds go
 * through the SandboxPaymentProcessor, billing's default processor (startBilling): the two must
 * be the same processor account, so a real one has to be configured in both places.
 */
export async function sagasRole(config: RoleConfig): Promise<RoleConsumers> {
  const sagas = await openRoleOrm(config, { schema: 'sagas', entities: sagasEntities, migrations: sagasMigrations, migrate: true });
  const care = await openRoleOrm(config, { schema: 'care', entities: careEntities, migrations: careMigrations, migrate: false });
  const billing = await openRoleOrm(config, { schema: 'billing', entities: billingEntities, migrations: billingMigrations, migrate: false });
  const deadline = config.env.BOOKING_PAYMENT_DEADLINE_MS;
  const consumer = bookingSagaConsumer({
    em: sagas.em,
    care: care.em,
    billing: billing.em,
    paymentProcessor: new SandboxPaymentProcessor(),
    paymentDeadlineMs: deadline ? Number(deadline) : undefined,
  });
  return {
    consumers: [consumer],
    close: async () => {
      await Promise.all([sagas.orm.close(), care.orm.close(), billing.orm.close()]);
    },
  };
}
