import { randomUUID } from 'node:crypto';
import { errorOf, LOG_MEDICATION, seedMedication, startCareHarness, type CareHarness } from '../__tests__/careHarness';

describe('logMedication', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let caregiver: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('carelog');
    caregiver = await harness.member(circle, 'CAREGIVER');
  });
  afterAll(() => harness?.close());

  const state = async (medicationId: string) => {
    const { rows } = await harness.db.query(
      `select (select supply_remaining from care.medication where id = $1) as supply,
              (select count(*)::int from care.medication_log where medication_id = $1) as logs,
              (select count(*)::int from care.outbox where aggregate_id = $1::text and event_type not in ('medication.added', 'care.remind_dose')) as events`,
      [medicationId],
    );
    return rows[0] as { supply: number; logs: number; events: number };
  };

  it('refuses GIVEN with no supply left as ILLEGAL_STATE and writes nothing', async () => {
    const { medicationId } = await seedMedication(harness, circle, caregiver.token, { supplyRemaining: 0, refillThreshold: 0 });
    const result = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token);
    expect(errorOf(result).code).toBe('ILLEGAL_STATE');
    expect(await state(medicationId)).toEqual({ supply: 0, logs: 0, events: 0 });
    // SKIPPED and MISSED take nothing from the supply, so they are still fine.
    const skipped = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'SKIPPED' } }, caregiver.token);
    expect(skipped.errors).toBeUndefined();
    expect(await state(medicationId)).toEqual({ supply: 0, logs: 1, events: 1 });
  });

  it('rolls back the log and the supply change when the outbox insert fails', async () => {
    const { medicationId } = await seedMedication(harness, circle, caregiver.token, { supplyRemaining: 5, refillThreshold: 1 });
    // A real failure inside the transaction, after the log and the supply change are written.
    await harness.db.query(`create function care.fail_logged() returns trigger language plpgsql as $$
      begin if new.event_type = 'medication.logged' then raise exception 'outbox unavailable'; end if; return new; end $$`);
    await harness.db.query('create trigger fail_logged before insert on care.outbox for each row execute function care.fail_logged()');
    try {
      const result = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token);
      expect(errorOf(result).code).toBe('INTERNAL_SERVER_ERROR');
      expect(await state(medicationId)).toEqual({ supply: 5, logs: 0, events: 0 });
    } finally {
      await harness.db.query('drop trigger fail_logged on care.outbox');
      await harness.db.query('drop function care.fail_logged()');
    }
    const retried = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token);
    expect(retried.data!.logMedication.medication.supplyRemaining).toBe(4);
  });

  it('never loses a decrement: 20 concurrent GIVEN logs on a supply of 20 leave 0', async () => {
    const { medicationId } = await seedMedication(harness, circle, caregiver.token, { supplyRemaining: 20, refillThreshold: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token)),
    );
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const remaining = results.map((result) => result.data!.logMedication.medication.supplyRemaining).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));

    const { rows } = await harness.db.query(
      `select event_type, count(*)::int as n from care.outbox where aggregate_id = $1 and event_type not in ('medication.added', 'care.remind_dose') group by event_type order by event_type`,
      [medicationId],
    );
    expect(rows).toEqual([
      { event_type: 'medication.logged', n: 20 },
      { event_type: 'medication.refill_needed', n: 1 },
    ]);
    expect(await state(medicationId)).toMatchObject({ supply: 0, logs: 20 });

    const overdrawn = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token);
    expect(errorOf(overdrawn).code).toBe('ILLEGAL_STATE');
  });
});
