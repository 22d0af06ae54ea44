import { auditConsumer, auditEntities, auditMigrations } from '@caregraph/audit';
import { openRoleOrm } from './openRoleOrm';
import { livePublisher } from './livePublisher';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The audit role: the audit consumer on `audit.log`, on an ORM of schema `audit`; with a
 * pubsub it also announces each care circle's log (what `careCircleEvents` streams) and the
 * revocations the gateway listens to.
 */
export async function auditRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'audit', entities: auditEntities, migrations: auditMigrations, migrate: true });
  return { consumers: [auditConsumer({ em, live: livePublisher(config) })], close: () => orm.close() };
}
