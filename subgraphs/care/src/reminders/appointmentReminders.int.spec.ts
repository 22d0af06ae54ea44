import { randomUUID } from 'node:crypto';
import { createOrm, type CloudEvent } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { errorOf, hoursFromNow, outboxEvents, SCHEDULE_APPOINTMENT, seedRecipient, startCareHarness, type CareHarness } from '../__tests__/careHarness';
import { confirmAppointment } from '../appointments/confirmAppointment';
import { careCommandConsumer } from '../commands/careCommandConsumer';
import { careEntities, careMigrations } from '../entities';

const RESCHEDULE = `mutation ($id: ID!, $startsAt: DateTime!) { rescheduleAppointment(id: $id, startsAt: $startsAt) { id startsAt status } }`;
const CANCEL = `mutation ($id: ID!) { cancelAppointment(id: $id, reason: "Not needed") { id status } }`;

interface Row {
  status: string;
  available_at: Date;
  payload: CloudEvent<{ appointmentId: string; startsAt: string; offsetMinutes: number }>;
}

describe('appointment reminders', () => {
  let harness: CareHarness;
  let orm: MikroORM;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let viewer: { id: string; token: string };
  let careRecipientId: string;

  beforeAll(async () => {
    harness = await startCareHarness('careapptreminders');
    orm = await createOrm({ clientUrl: harness.databaseUrl, schema: 'care', entities: careEntities, migrations: careMigrations, poolMax: 2 });
    owner = await harness.member(circle, 'OWNER');
    viewer = await harness.member(circle, 'VIEWER');
    careRecipientId = await seedRecipient(harness, circle, owner.token);
  });
  afterAll(async () => {
    await orm?.close();
    await harness?.close();
  });

  const reminders = async (appointmentId: string): Promise<Row[]> =>
    (await harness.db.query(`select status, available_at, payload from care.outbox where event_type = 'care.remind_appointment' and aggregate_id = $1 order by sequence`, [appointmentId])).rows;
  const handle = (command: CloudEvent) => {
    const em = orm.em.fork() as EntityManager;
    return em.transactional((tx) => careCommandConsumer({ em }).handle(command, tx, pino({ level: 'silent' })));
  };
  async function confirmed(startsAt: string): Promise<string> {
    const scheduled = await harness.gql(SCHEDULE_APPOINTMENT, { input: { careRecipientId, title: 'Cardiology', startsAt, feeCents: 0 } }, owner.token);
    const appointmentId = scheduled.data!.scheduleAppointment.id as string;
    expect(await reminders(appointmentId)).toEqual([]); // none while only REQUESTED
    await confirmAppointment(orm.em.fork(), { appointmentId });
    return appointmentId;
  }

  it('schedules reminders 24 h and 1 h before a confirmed appointment, and records appointment.reminder when one arrives', async () => {
    const startsAt = hoursFromNow(48);
    const appointmentId = await confirmed(startsAt);
    const rows = await reminders(appointmentId);
    expect(rows.map((row) => [row.status, row.payload.data.offsetMinutes, row.available_at.getTime()])).toEqual([
      ['PENDING', 1440, Date.parse(startsAt) - 24 * 3_600_000],
      ['PENDING', 60, Date.parse(startsAt) - 3_600_000],
    ]);
    await handle(rows[1].payload);
    const [reminder] = await outboxEvents(harness, 'appointment.reminder', appointmentId);
    expect(reminder).toMatchObject({ carecircleid: circle, data: { appointmentId, careRecipientId, title: 'Cardiology', startsAt: new Date(startsAt).toISOString(), offsetMinutes: 60 } });
  });

  it('moves the reminders when a writer reschedules, and a reminder for the old time is skipped', async () => {
    const appointmentId = await confirmed(hoursFromNow(30));
    const [, oldHour] = await reminders(appointmentId);
    expect(errorOf(await harness.gql(RESCHEDULE, { id: appointmentId, startsAt: hoursFromNow(72) }, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(RESCHEDULE, { id: appointmentId, startsAt: hoursFromNow(-1) }, owner.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });

    const later = hoursFromNow(72);
    const moved = await harness.gql(RESCHEDULE, { id: appointmentId, startsAt: later }, owner.token);
    expect(moved.data!.rescheduleAppointment).toMatchObject({ status: 'CONFIRMED', startsAt: new Date(later).toISOString() });
    const rows = await reminders(appointmentId);
    expect(rows.map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED', 'PENDING', 'PENDING']);
    expect(rows[3].available_at.getTime()).toBe(Date.parse(later) - 3_600_000);
    const [rescheduled] = await outboxEvents(harness, 'appointment.rescheduled', appointmentId);
    expect(rescheduled).toMatchObject({ causedby: owner.id, data: { appointmentId, startsAt: new Date(later).toISOString(), status: 'CONFIRMED', rescheduledBy: owner.id } });

    await handle(oldHour.payload);
    expect(await outboxEvents(harness, 'appointment.reminder', appointmentId)).toEqual([]);
  });

  it('cancels the pending reminders when the appointment is cancelled', async () => {
    const appointmentId = await confirmed(hoursFromNow(50));
    expect((await harness.gql(CANCEL, { id: appointmentId }, owner.token)).errors).toBeUndefined();
    expect((await reminders(appointmentId)).map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(errorOf(await harness.gql(RESCHEDULE, { id: appointmentId, startsAt: hoursFromNow(80) }, owner.token)).code).toBe('ILLEGAL_STATE');
  });
});
