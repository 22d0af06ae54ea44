import { randomUUID } from 'node:crypto';
import {
  CANCEL_APPOINTMENT,
  countRows,
  errorOf,
  hoursFromNow,
  outboxEvents,
  SCHEDULE_APPOINTMENT,
  seedRecipient,
  startCareHarness,
  withFailingOutbox,
  type CareHarness,
  type GraphQLResponse,
} from '../__tests__/careHarness';

const APPOINTMENT = `query ($id: ID!) { appointment(id: $id) { id title status location careRecipient { id name } } }`;

const APPOINTMENTS = `query ($id: ID!, $first: Int, $after: String) {
  careRecipient(id: $id) { appointments(first: $first, after: $after) { edges { cursor node { id title startsAt } } pageInfo { hasNextPage endCursor } } }
}`;

describe('appointments', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let family: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };
  let careRecipientId: string;

  beforeAll(async () => {
    harness = await startCareHarness('careappt');
    owner = await harness.member(circle, 'OWNER');
    family = await harness.member(circle, 'FAMILY');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
    careRecipientId = await seedRecipient(harness, circle, owner.token);
  });
  afterAll(() => harness?.close());

  const schedule = (input: Record<string, unknown>, token = family.token) =>
    harness.gql(SCHEDULE_APPOINTMENT, { input: { careRecipientId, title: 'Cardiology check-up', startsAt: hoursFromNow(48), feeCents: 4500, ...input } }, token);

  it('schedules a REQUESTED appointment and records appointment.requested with the fee', async () => {
    const startsAt = hoursFromNow(72);
    const result = await schedule({ title: ' Dentist ', startsAt, location: 'Main St 1' });
    expect(result.errors).toBeUndefined();
    const appointment = result.data!.scheduleAppointment;
    expect(appointment).toMatchObject({ title: 'Dentist', startsAt, location: 'Main St 1', status: 'REQUESTED', cancellationReason: null, careRecipient: { id: careRecipientId } });

    const [event] = await outboxEvents(harness, 'appointment.requested', appointment.id);
    expect(event).toMatchObject({
      source: '/caregraph/care',
      subject: appointment.id,
      aggregatetype: 'Appointment',
      carecircleid: circle,
      causedby: family.id,
      data: {
        appointmentId: appointment.id,
        careRecipientId,
        careCircleId: circle,
        title: 'Dentist',
        startsAt,
        location: 'Main St 1',
        feeCents: 4500,
        currency: 'USD',
        status: 'REQUESTED',
        requestedBy: family.id,
        version: 1,
      },
    });
  });

  it('cancels with a reason, records appointment.cancelled, and refuses to cancel twice', async () => {
    const { id } = (await schedule({})).data!.scheduleAppointment;
    const cancelled = await harness.gql(CANCEL_APPOINTMENT, { id, reason: ' Feeling better ' }, owner.token);
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelAppointment).toEqual({ id, status: 'CANCELLED', cancellationReason: 'Feeling better' });
    const [event] = await outboxEvents(harness, 'appointment.cancelled', id);
    expect(event).toMatchObject({
      carecircleid: circle,
      causedby: owner.id,
      data: { appointmentId: id, careRecipientId, careCircleId: circle, status: 'CANCELLED', previousStatus: 'REQUESTED', reason: 'Feeling better', cancelledBy: owner.id, version: 2 },
    });

    const again = await harness.gql(CANCEL_APPOINTMENT, { id, reason: 'again' }, owner.token);
    expect(errorOf(again).code).toBe('ILLEGAL_STATE');
    expect(await outboxEvents(harness, 'appointment.cancelled', id)).toHaveLength(1);
  });

  it('refuses to cancel a COMPLETED appointment', async () => {
    const { id } = (await schedule({})).data!.scheduleAppointment;
    await harness.db.query(`update care.appointment set status = 'COMPLETED' where id = $1`, [id]);
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id, reason: 'too late' }, owner.token)).code).toBe('ILLEGAL_STATE');
  });

  it.each([
    ['a start in the past', { startsAt: hoursFromNow(-1) }, 'startsAt'],
    ['a negative fee', { feeCents: -1 }, 'feeCents'],
    ['a blank title', { title: '  ' }, 'title'],
    ['a malformed recipient id', { careRecipientId: 'nope' }, 'careRecipientId'],
  ])('rejects %s with BAD_USER_INPUT', async (_name, input, field) => {
    expect(errorOf(await schedule(input))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects an empty cancellation reason and leaves the appointment as it was', async () => {
    const { id } = (await schedule({})).data!.scheduleAppointment;
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id, reason: '   ' }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await harness.gql(APPOINTMENT, { id }, viewer.token)).data!.appointment.status).toBe('REQUESTED');
  });

  it('lets members read, writers write, and nobody else either', async () => {
    const { id } = (await schedule({})).data!.scheduleAppointment;
    const read = await harness.gql(APPOINTMENT, { id }, viewer.token);
    expect(read.data!.appointment).toMatchObject({ id, status: 'REQUESTED', careRecipient: { id: careRecipientId, name: 'Grandpa Joe' } });

    expect(errorOf(await schedule({}, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await schedule({}, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(SCHEDULE_APPOINTMENT, { input: { careRecipientId, title: 'x', startsAt: hoursFromNow(1), feeCents: 0 } })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id, reason: 'r' }, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id, reason: 'r' }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id, reason: 'r' })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(APPOINTMENT, { id }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(APPOINTMENT, { id })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(APPOINTMENT, { id: randomUUID() }, owner.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.gql(CANCEL_APPOINTMENT, { id: randomUUID(), reason: 'r' }, owner.token)).code).toBe('NOT_FOUND');

    const entities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Appointment { id status } } }`;
    const representations = [{ __typename: 'Appointment', id }, { __typename: 'Appointment', id: randomUUID() }];
    expect((await harness.gql(entities, { r: representations }, viewer.token)).data!._entities).toEqual([{ id, status: 'REQUESTED' }, null]);
    expect(errorOf(await harness.gql(entities, { r: representations }, outsider.token)).code).toBe('FORBIDDEN');
    expect((await harness.gql(APPOINTMENT, { id }, viewer.token)).data!.appointment.status).toBe('REQUESTED');
  });

  it('pages appointments soonest first, ties broken by id', async () => {
    const recipient = await seedRecipient(harness, circle, owner.token, 'Aunt May');
    const same = hoursFromNow(10);
    const times = [hoursFromNow(30), same, hoursFromNow(20), same, hoursFromNow(5)];
    const ids: { id: string; at: string }[] = [];
    for (const startsAt of times) ids.push({ id: (await schedule({ careRecipientId: recipient, startsAt })).data!.scheduleAppointment.id, at: startsAt });
    const expected = [...ids].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).map((row) => row.id);

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const result: GraphQLResponse = await harness.gql(APPOINTMENTS, { id: recipient, first: 2, after }, viewer.token);
      const { edges, pageInfo } = result.data!.careRecipient.appointments;
      seen.push(...edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = pageInfo.endCursor;
      if (!pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expected);
    const bad = await harness.gql(APPOINTMENTS, { id: recipient, after: 'garbage' }, viewer.token);
    expect(errorOf(bad)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('writes neither the appointment, its timeline entry nor any event when the outbox insert fails', async () => {
    const before = await countRows(harness, 'appointment');
    const entries = await harness.db.query('select count(*)::int as n from care.timeline_entry');
    await withFailingOutbox(harness, 'appointment.requested', async () => {
      expect(errorOf(await schedule({})).code).toBe('INTERNAL_SERVER_ERROR');
    });
    expect(await countRows(harness, 'appointment')).toEqual(before);
    expect((await harness.db.query('select count(*)::int as n from care.timeline_entry')).rows).toEqual(entries.rows);
  });
});
