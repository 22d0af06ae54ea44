import { createOrm } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import { careEntities, careMigrations } from '../entities';
import { hoursFromNow, SCHEDULE_APPOINTMENT, seedRecipient, startCareHarness, type CareHarness } from './careHarness';

/** The care harness, an ORM on schema `care` for the system commands, an OWNER of `circle` with one care recipient, and REQUESTED appointments on demand. */
export interface AppointmentsFixture {
  harness: CareHarness;
  orm: MikroORM;
  owner: { id: string; token: string };
  careRecipientId: string;
  /** Schedules a REQUESTED appointment (fee 2000) as the owner; its id. */
  requested(): Promise<string>;
  close(): Promise<void>;
}

export async function startAppointmentsFixture(label: string, circle: string): Promise<AppointmentsFixture> {
  const harness = await startCareHarness(label);
  const orm = await createOrm({ clientUrl: harness.databaseUrl, schema: 'care', entities: careEntities, migrations: careMigrations, poolMax: 2 });
  const owner = await harness.member(circle, 'OWNER');
  const careRecipientId = await seedRecipient(harness, circle, owner.token);
  return {
    harness,
    orm,
    owner,
    careRecipientId,
    async requested() {
      const result = await harness.gql(SCHEDULE_APPOINTMENT, { input: { careRecipientId, title: 'Physio', startsAt: hoursFromNow(24), feeCents: 2000 } }, owner.token);
      return result.data!.scheduleAppointment.id as string;
    },
    async close() {
      await orm.close();
      await harness.close();
    },
  };
}
