import { randomUUID } from 'node:crypto';
import { createOrm, type CloudEvent } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { ADD_MEDICATION, ADD_RECIPIENT, errorOf, outboxEvents, startCareHarness, type CareHarness } from '../__tests__/careHarness';
import { careCommandConsumer } from '../commands/careCommandConsumer';
import { careEntities, careMigrations } from '../entities';
import { nextDoseDue } from './nextDoseDue';

const STOP = `mutation ($id: ID!) { stopMedication(id: $id) { id name } }`;
const UPDATE_MEDICATION = `mutation ($input: UpdateMedicationInput!) { updateMedication(input: $input) { id scheduleTimes dosage } }`;
const UPDATE_RECIPIENT = `mutation ($input: UpdateCareRecipientInput!) { updateCareRecipient(input: $input) { id timeZone } }`;

interface ReminderRow {
  id: string;
  status: string;
  exchange: string;
  cancel_key: string;
  available_at: Date;
  payload: CloudEvent<{ medicationId: string; dueAt: string }>;
}

describe('dose reminders', () => {
  let harness: CareHarness;
  let orm: MikroORM;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let viewer: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('carereminders');
    orm = await createOrm({ clientUrl: harness.databaseUrl, schema: 'care', entities: careEntities, migrations: careMigrations, poolMax: 2 });
    owner = await harness.member(circle, 'OWNER');
    viewer = await harness.member(circle, 'VIEWER');
  });
  afterAll(async () => {
    await orm?.close();
    await harness?.close();
  });

  async function seed(timeZone: string, scheduleTimes = ['08:00', '20:00']): Promise<{ careRecipientId: string; medicationId: string }> {
    const recipient = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'Rose', timeZone } }, owner.token);
    const careRecipientId = recipient.data!.addCareRecipient.id as string;
    const added = await harness.gql(ADD_MEDICATION, { input: { careRecipientId, name: 'Metformin', dosage: '500 mg', scheduleTimes, supplyRemaining: 9, refillThreshold: 1 } }, owner.token);
    expect(added.errors).toBeUndefined();
    return { careRecipientId, medicationId: added.data!.addMedication.id as string };
  }
  const reminders = async (medicationId: string): Promise<ReminderRow[]> =>
    (await harness.db.query(`select * from care.outbox where event_type = 'care.remind_dose' and aggregate_id = $1 order by sequence`, [medicationId])).rows;
  const handle = (command: CloudEvent) => {
    const em = orm.em.fork() as EntityManager;
    return em.transactional((tx) => careCommandConsumer({ em }).handle(command, tx, pino({ level: 'silent' })));
  };

  it('schedules the first reminder on addMedication, at the next dose in the recipient’s zone, on `commands`, cancellable by key', async () => {
    const before = new Date();
    const { medicationId } = await seed('America/New_York');
    const [row] = await reminders(medicationId);
    const expected = nextDoseDue(['08:00', '20:00'], 'America/New_York', before)!;
    expect(row).toMatchObject({ status: 'PENDING', exchange: 'commands', cancel_key: `medication.due:${medicationId}` });
    expect(row.available_at).toEqual(expected);
    expect(row.payload).toMatchObject({ type: 'care.remind_dose', carecircleid: circle, data: { medicationId, dueAt: expected.toISOString() } });
  });

  it('records medication.due when the reminder arrives and schedules the next; the same reminder again is skipped', async () => {
    const { careRecipientId, medicationId } = await seed('Europe/London');
    const [first] = await reminders(medicationId);
    await handle(first.payload);
    const [due] = await outboxEvents(harness, 'medication.due', medicationId);
    expect(due).toMatchObject({ carecircleid: circle, data: { medicationId, careRecipientId, name: 'Metformin', dosage: '500 mg', dueAt: first.payload.data.dueAt } });
    const [, second] = await reminders(medicationId);
    const expected = nextDoseDue(['08:00', '20:00'], 'Europe/London', new Date(first.payload.data.dueAt))!;
    expect(second.payload.data.dueAt).toBe(expected.toISOString());

    await handle(first.payload);
    expect(await outboxEvents(harness, 'medication.due', medicationId)).toHaveLength(1);
    expect((await harness.db.query(`select count(*)::int as n from care.outbox where event_type = 'care.command_skipped' and payload->'data'->>'medicationId' = $1`, [medicationId])).rows[0].n).toBe(1);
  });

  it('checks the dose a grace period after it was due: overdue when nothing was logged, skipped when it was', async () => {
    const checks = async (medicationId: string): Promise<ReminderRow[]> =>
      (await harness.db.query(`select * from care.outbox where event_type = 'care.check_dose' and aggregate_id = $1 order by sequence`, [medicationId])).rows;
    const { careRecipientId, medicationId } = await seed('UTC', ['07:00']);
    const [reminder] = await reminders(medicationId);
    await handle(reminder.payload);
    const [check] = await checks(medicationId);
    const dueAt = reminder.payload.data.dueAt;
    expect(check).toMatchObject({ status: 'PENDING', exchange: 'commands', payload: { type: 'care.check_dose', data: { medicationId, dueAt } } });
    expect(check.available_at).toEqual(new Date(Date.parse(dueAt) + 60 * 60_000));

    // Nothing logged: overdue, for the notifications to reach the OWNER and CAREGIVERs.
    await handle(check.payload);
    const [overdue] = await outboxEvents(harness, 'medication.dose_overdue', medicationId);
    expect(overdue).toMatchObject({ carecircleid: circle, data: { medicationId, careRecipientId, name: 'Metformin', dosage: '500 mg', dueAt, graceMinutes: 60 } });

    // A dose logged since (here: before the due time, within the grace period) answers the check.
    const logged = await harness.gql('mutation ($input: LogMedicationInput!) { logMedication(input: $input) { id } }', { input: { medicationId, status: 'GIVEN' } }, owner.token);
    expect(logged.errors).toBeUndefined();
    await harness.db.query(`update care.medication_log set logged_at = $2 where medication_id = $1`, [medicationId, new Date(Date.parse(dueAt) - 30 * 60_000)]);
    const again = { ...check.payload, id: randomUUID() };
    await handle(again);
    expect(await outboxEvents(harness, 'medication.dose_overdue', medicationId)).toHaveLength(1);
  });

  it('moves pending reminders to the new zone when the recipient’s time zone changes, cancelling the old one', async () => {
    const { careRecipientId, medicationId } = await seed('UTC', ['09:00']);
    const changed = await harness.gql(UPDATE_RECIPIENT, { input: { id: careRecipientId, timeZone: 'Asia/Tokyo' } }, owner.token);
    expect(changed.errors).toBeUndefined();
    const [old, moved] = await reminders(medicationId);
    expect(old.status).toBe('CANCELLED');
    expect(moved.status).toBe('PENDING');
    expect(moved.available_at.toISOString()).toMatch(/T00:00:00\.000Z$/); // 09:00 in Tokyo
    await handle(old.payload);
    expect(await outboxEvents(harness, 'medication.due', medicationId)).toEqual([]);
  });

  it('a schedule change cancels the pending reminder and schedules the new schedule’s next dose; other changes keep it', async () => {
    const { medicationId } = await seed('Europe/Berlin', ['08:00']);
    expect(errorOf(await harness.gql(UPDATE_MEDICATION, { input: { id: medicationId, scheduleTimes: ['09:30'] } }, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(UPDATE_MEDICATION, { input: { id: medicationId, scheduleTimes: ['25:00'] } }, owner.token)).code).toBe('BAD_USER_INPUT');
    expect((await reminders(medicationId)).map((row) => row.status)).toEqual(['PENDING']);

    const dosage = await harness.gql(UPDATE_MEDICATION, { input: { id: medicationId, dosage: '850 mg' } }, owner.token);
    expect(dosage.data?.updateMedication).toMatchObject({ dosage: '850 mg', scheduleTimes: ['08:00'] });
    expect((await reminders(medicationId)).map((row) => row.status)).toEqual(['PENDING']);

    const before = new Date();
    const moved = await harness.gql(UPDATE_MEDICATION, { input: { id: medicationId, scheduleTimes: ['09:30'] } }, owner.token);
    expect(moved.errors).toBeUndefined();
    const [old, next] = await reminders(medicationId);
    expect(old.status).toBe('CANCELLED');
    expect(next.status).toBe('PENDING');
    expect(next.available_at).toEqual(nextDoseDue(['09:30'], 'Europe/Berlin', before));
    const updates = await outboxEvents(harness, 'medication.updated', medicationId);
    expect(updates.map((event) => event.data)).toEqual([
      { medicationId, careRecipientId: expect.any(String), dosage: '850 mg' },
      { medicationId, careRecipientId: expect.any(String), scheduleTimes: ['09:30'] },
    ]);
    // The superseded reminder, should it still arrive, records nothing.
    await handle(old.payload);
    expect(await outboxEvents(harness, 'medication.due', medicationId)).toEqual([]);
  });

  it('stopMedication cancels the pending reminder for writers only, and a late reminder is skipped', async () => {
    const { medicationId } = await seed('UTC');
    expect(errorOf(await harness.gql(STOP, { id: medicationId }, viewer.token)).code).toBe('FORBIDDEN');
    expect((await reminders(medicationId))[0].status).toBe('PENDING');

    const stopped = await harness.gql(STOP, { id: medicationId }, owner.token);
    expect(stopped.errors).toBeUndefined();
    const [row] = await reminders(medicationId);
    expect(row.status).toBe('CANCELLED');
    const [event] = await outboxEvents(harness, 'medication.stopped', medicationId);
    expect(event).toMatchObject({ causedby: owner.id, data: { medicationId, stoppedBy: owner.id } });
    expect(errorOf(await harness.gql(STOP, { id: medicationId }, owner.token)).code).toBe('ILLEGAL_STATE');

    await handle(row.payload);
    expect(await outboxEvents(harness, 'medication.due', medicationId)).toEqual([]);
  });
});
