import { bookingSagaConsumer, sagasEntities, sagasMigrations } from '@caregraph/sagas';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The sagas role: the booking saga on `sagas.booking`, with its state, outbox (its commands to
 * care and billing) and inbox in schema `sagas`. `BOOKING_PAYMENT_DEADLINE_MS` sets the payment
 * deadline (default 15 minutes), `BOOKING_MAX_DECLINES` the declined cards before it gives up earlier (default 3).
 */
export async function sagasRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'sagas', entities: sagasEntities, migrations: sagasMigrations, migrate: true });
  const deadline = config.env.BOOKING_PAYMENT_DEADLINE_MS;
  const declines = config.env.BOOKING_MAX_DECLINES;
  const consumer = bookingSagaConsumer({ em, paymentDeadlineMs: deadline ? Number(deadline) : undefined, maxDeclines: declines ? Number(declines) : undefined });
  return { consumers: [consumer], close: () => orm.close() };
}
