import { randomUUID } from 'node:crypto';
import { createCloudEvent, ValidationError, type CloudEvent } from '@caregraph/shared';
import { startAuditHarness, type AuditHarness } from '../__tests__/auditHarness';
import { appendToAuditLog } from './appendToAuditLog';
import { replay } from './replay';

describe('the audit event store', () => {
  let harness: AuditHarness;
  const circle = randomUUID();

  beforeAll(async () => {
    harness = await startAuditHarness('audit_store');
  });
  afterAll(() => harness?.close());

  const rowsWithId = async (id: string) => (await harness.db.query('select * from audit.events where id = $1', [id])).rows;

  it('stores an event once: a second append of the same id changes nothing', async () => {
    const actor = randomUUID();
    const medicationId = randomUUID();
    const event = createCloudEvent({
      type: 'medication.logged',
      source: '/caregraph/care',
      subject: medicationId,
      careCircleId: circle,
      aggregateType: 'Medication',
      causedBy: actor,
      correlationId: 'req-1',
      causationId: 'cause-1',
      time: new Date('2026-11-22T10:30:00.000Z'),
      data: { medicationId, status: 'GIVEN' },
    }) as CloudEvent;

    // The circle's first event: number 1 of its log. The redelivery takes no number.
    expect(await appendToAuditLog(harness.em(), event)).toEqual({ appended: true, sequence: 1 });
    expect(await appendToAuditLog(harness.em(), { ...event, data: { tampered: true } })).toEqual({ appended: false });

    const rows = await rowsWithId(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'medication.logged',
      source: '/caregraph/care',
      subject: medicationId,
      aggregate_type: 'Medication',
      aggregate_id: medicationId,
      care_circle_id: circle,
      actor_id: actor,
      correlation_id: 'req-1',
      causation_id: 'cause-1',
      data: { medicationId, status: 'GIVEN' },
      event,
      circle_sequence: '1',
    });
    expect(rows[0].occurred_at.toISOString()).toBe('2026-11-22T10:30:00.000Z');
    expect(rows[0].recorded_at).toBeInstanceOf(Date);
  });

  it("appends inside the caller's transaction and rolls back with it", async () => {
    const event = createCloudEvent({ type: 'shift.started', source: '/caregraph/care', aggregateType: 'Shift', subject: randomUUID(), data: {} }) as CloudEvent;
    await expect(
      harness.em().transactional(async (em) => {
        expect(await appendToAuditLog(em, event)).toEqual({ appended: true });
        throw new Error('handler failed after the append');
      }),
    ).rejects.toThrow('handler failed after the append');
    expect(await rowsWithId(event.id)).toHaveLength(0);
  });

  it('refuses events it can never store', async () => {
    const valid = createCloudEvent({ type: 'user.created', source: '/caregraph/identity', data: {} }) as CloudEvent;
    await expect(appendToAuditLog(harness.em(), { ...valid, specversion: '0.3' } as unknown as CloudEvent)).rejects.toBeInstanceOf(ValidationError);
    await expect(appendToAuditLog(harness.em(), { ...valid, id: 'not-a-uuid' })).rejects.toMatchObject({ details: { field: 'id' } });
    await expect(appendToAuditLog(harness.em(), { ...valid, carecircleid: 'circle-1' })).rejects.toMatchObject({ details: { field: 'carecircleid' } });
  });

  it('derives the aggregate type from the event type when the event has none', async () => {
    const event = await harness.append({ type: 'user.created', source: '/caregraph/identity', subject: randomUUID() });
    expect((await rowsWithId(event.id))[0].aggregate_type).toBe('user');
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const event = await harness.append({ type: 'timeline.entry.created', aggregateType: 'TimelineEntry', subject: randomUUID(), careCircleId: circle });
    await expect(harness.db.query("update audit.events set type = 'x.y' where id = $1", [event.id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(harness.db.query('delete from audit.events where id = $1', [event.id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(harness.db.query('truncate audit.events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await rowsWithId(event.id)).toHaveLength(1);
  });

  it("lets only an explicit retention transaction delete", async () => {
    const event = await harness.append({ type: 'shift.ended', aggregateType: 'Shift', subject: randomUUID() });
    await harness.db.query('begin');
    await harness.db.query("set local audit.retention = 'on'");
    await harness.db.query('delete from audit.events where id = $1', [event.id]);
    await harness.db.query('commit');
    expect(await rowsWithId(event.id)).toHaveLength(0);
  });

  it("replays one aggregate's events in append order, and no other's", async () => {
    const medicationId = randomUUID();
    const otherId = randomUUID();
    const appended: string[] = [];
    for (const [type, subject, aggregateType] of [
      ['medication.added', medicationId, 'Medication'],
      ['medication.logged', otherId, 'Medication'],
      ['medication.logged', medicationId, 'Medication'],
      ['care_recipient.created', medicationId, 'CareRecipient'],
      ['medication.refill_needed', medicationId, 'Medication'],
    ]) {
      // Times deliberately out of order: replay follows the append order, not the event time.
      const event = await harness.append({ type, subject, aggregateType, careCircleId: circle, time: new Date(Date.now() - appended.length * 60_000) });
      if (subject === medicationId && aggregateType === 'Medication') appended.push(event.id);
    }
    // A redelivery of the first event neither duplicates nor moves it.
    const [firstId] = appended;
    const first = (await harness.db.query('select event from audit.events where id = $1', [firstId])).rows[0].event;
    expect(await appendToAuditLog(harness.em(), first)).toEqual({ appended: false });

    const replayed: CloudEvent[] = [];
    for await (const event of replay(harness.em(), 'Medication', medicationId, { batchSize: 2 })) replayed.push(event);
    expect(replayed.map((event) => event.id)).toEqual(appended);
    expect(replayed.map((event) => event.type)).toEqual(['medication.added', 'medication.logged', 'medication.refill_needed']);
    expect(replayed[0]).toEqual(first);

    const none: CloudEvent[] = [];
    for await (const event of replay(harness.em(), 'Medication', randomUUID())) none.push(event);
    expect(none).toEqual([]);
  });
});
