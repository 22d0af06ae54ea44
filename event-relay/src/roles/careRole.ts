import { careCommandConsumer, careEntities, careMigrations } from '@caregraph/care';
import { openRoleOrm } from './openRoleOrm';
import type { RoleConfig, RoleConsumers } from './RoleConfig';

/**
 * The care role: care's command consumer on `care.commands` (ADR 0010), on an ORM of schema
 * `care`. `DOSE_GRACE_MINUTES` (default 60) is how long after a dose's due time an unlogged dose
 * becomes `medication.dose_overdue`. The care subgraph migrates that schema (its inbox included); a command that comes
 * before is retried.
 */
export async function careRole(config: RoleConfig): Promise<RoleConsumers> {
  const { orm, em } = await openRoleOrm(config, { schema: 'care', entities: careEntities, migrations: careMigrations, migrate: false });
  const grace = config.env.DOSE_GRACE_MINUTES;
  const doseGraceMs = grace ? Number(grace) * 60_000 : undefined;
  return { consumers: [careCommandConsumer({ em, doseGraceMs })], close: () => orm.close() };
}
