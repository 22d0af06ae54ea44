import { randomUUID } from 'node:crypto';
import { countRows, END_SHIFT, errorOf, outboxEvents, seedRecipient, START_SHIFT, startCareHarness, withFailingOutbox, type CareHarness } from '../__tests__/careHarness';

describe('shifts', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let caregiver: { id: string; token: string };
  let otherCaregiver: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('careshift');
    owner = await harness.member(circle, 'OWNER');
    caregiver = await harness.member(circle, 'CAREGIVER');
    otherCaregiver = await harness.member(circle, 'CAREGIVER');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
  });
  afterAll(() => harness?.close());

  const start = (careRecipientId: string, token = caregiver.token) => harness.gql(START_SHIFT, { careRecipientId }, token);
  const end = (id: string, token = caregiver.token) => harness.gql(END_SHIFT, { id }, token);

  it('starts and ends a shift, recording shift.started and shift.ended', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    const started = await start(careRecipientId);
    expect(started.errors).toBeUndefined();
    const shift = started.data!.startShift;
    expect(shift).toMatchObject({ endedAt: null, caregiver: { id: caregiver.id }, careRecipient: { id: careRecipientId } });
    const [startedEvent] = await outboxEvents(harness, 'shift.started', shift.id);
    expect(startedEvent).toMatchObject({
      aggregatetype: 'Shift',
      carecircleid: circle,
      causedby: caregiver.id,
      data: { shiftId: shift.id, careRecipientId, careCircleId: circle, caregiverId: caregiver.id, startedAt: shift.startedAt },
    });

    const ended = await end(shift.id);
    expect(ended.errors).toBeUndefined();
    const { endedAt } = ended.data!.endShift;
    expect(new Date(endedAt).getTime()).toBeGreaterThanOrEqual(new Date(shift.startedAt).getTime());
    const [endedEvent] = await outboxEvents(harness, 'shift.ended', shift.id);
    expect(endedEvent).toMatchObject({ causedby: caregiver.id, data: { shiftId: shift.id, careRecipientId, careCircleId: circle, caregiverId: caregiver.id, startedAt: shift.startedAt, endedAt } });

    expect(errorOf(await end(shift.id)).code).toBe('ILLEGAL_STATE');
    // Once ended, the caregiver may start a new shift with the same recipient.
    expect((await start(careRecipientId)).errors).toBeUndefined();
  });

  it('allows one open shift per caregiver and recipient: CONFLICT for a second one', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    expect((await start(careRecipientId)).errors).toBeUndefined();
    const second = await start(careRecipientId);
    expect(errorOf(second)).toEqual({ code: 'CONFLICT', field: 'careRecipientId' });
    // Another caregiver, or the same caregiver with another recipient, is fine.
    expect((await start(careRecipientId, otherCaregiver.token)).errors).toBeUndefined();
    expect((await start(await seedRecipient(harness, circle, owner.token))).errors).toBeUndefined();
  });

  it('keeps exactly one open shift when ten start at once', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    const before = (await countRows(harness, 'shift')).outbox;
    const results = await Promise.all(Array.from({ length: 10 }, () => start(careRecipientId)));
    const codes = results.map((result) => errorOf(result).code ?? 'OK').sort();
    expect(codes).toEqual(['OK', ...Array(9).fill('CONFLICT')].sort());
    const { rows } = await harness.db.query('select count(*)::int as n from care.shift where care_recipient_id = $1 and ended_at is null', [careRecipientId]);
    expect(rows[0].n).toBe(1);
    // One shift.started and one timeline.entry.created; the nine losers wrote nothing.
    expect((await countRows(harness, 'shift')).outbox - before).toBe(2);
  });

  it('lets only the caregiver who started a shift end it', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    const { id } = (await start(careRecipientId)).data!.startShift;
    expect(errorOf(await end(id, otherCaregiver.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await end(id, owner.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await end(id, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(END_SHIFT, { id })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await end(randomUUID())).code).toBe('NOT_FOUND');
    expect(errorOf(await end('nope'))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const { rows } = await harness.db.query('select ended_at from care.shift where id = $1', [id]);
    expect(rows[0].ended_at).toBeNull();
  });

  it('lets neither VIEWERs, outsiders nor anonymous callers start shifts', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    expect(errorOf(await start(careRecipientId, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await start(careRecipientId, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(START_SHIFT, { careRecipientId })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await start(randomUUID())).code).toBe('NOT_FOUND');
  });

  it('writes no shift and no event when the outbox insert fails', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token);
    const before = await countRows(harness, 'shift');
    await withFailingOutbox(harness, 'shift.started', async () => {
      expect(errorOf(await start(careRecipientId)).code).toBe('INTERNAL_SERVER_ERROR');
    });
    expect(await countRows(harness, 'shift')).toEqual(before);
  });
});
