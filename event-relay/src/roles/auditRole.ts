import { auditConsumer, auditEntities, auditMigrations } from '@caregraph/audit';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/** The audit role: the audit consumer on `audit.log`, on an ORM of schema `audit`. */
export async function auditRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'audit', entities: auditEntities, migrations: auditMigrations, migrate: true });
  return { consumers: [auditConsumer({ em })], close: () => orm.close() };
}
