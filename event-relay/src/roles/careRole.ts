import { careCommandConsumer, careEntities, careMigrations } from '@caregraph/care';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The care role: care's command consumer on `care.commands` (ADR 0010), on an ORM of schema
 * `care`. The care subgraph migrates that schema (its inbox included); a command that comes
 * before is retried.
 */
export async function careRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'care', entities: careEntities, migrations: careMigrations, migrate: false });
  return { consumers: [careCommandConsumer({ em })], close: () => orm.close() };
}
