import { randomUUID } from 'node:crypto';
import { statementCounter } from '@caregraph/shared';
import {
  ADD_MEDICATION,
  CANCEL_APPOINTMENT,
  END_SHIFT,
  hoursFromNow,
  LOG_MEDICATION,
  outboxEvents,
  RAISE_ALERT,
  RESOLVE_ALERT,
  SCHEDULE_APPOINTMENT,
  seedRecipient,
  START_SHIFT,
  startCareHarness,
  errorOf,
  type CareHarness,
} from '../__tests__/careHarness';

const TIMELINE = `query ($id: ID!, $first: Int, $after: String) {
  careRecipient(id: $id) { timeline(first: $first, after: $after) { edges { cursor node { id kind text createdAt author { id } careRecipient { id } } } pageInfo { hasNextPage endCursor } } }
}`;

type Edge = { node: { id: string; kind: string; text: string; author: { id: string } } };

describe('timeline', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let caregiver: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('caretimeline');
    owner = await harness.member(circle, 'OWNER');
    caregiver = await harness.member(circle, 'CAREGIVER');
  });
  afterAll(() => harness?.close());

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const result = await harness.gql(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };

  it('has an entry for every care action, newest first, paged with opaque cursors', async () => {
    const careRecipientId = await seedRecipient(harness, circle, owner.token, 'Nana');
    const medication = await ok(ADD_MEDICATION, { input: { careRecipientId, name: 'Aspirin', dosage: '75 mg', scheduleTimes: ['08:00'], supplyRemaining: 5, refillThreshold: 1 } }, owner.token);
    await ok(LOG_MEDICATION, { input: { medicationId: medication.addMedication.id, status: 'GIVEN', note: 'with tea' } }, caregiver.token);
    const appointment = await ok(SCHEDULE_APPOINTMENT, { input: { careRecipientId, title: 'GP', startsAt: hoursFromNow(5), feeCents: 0 } }, owner.token);
    await ok(CANCEL_APPOINTMENT, { id: appointment.scheduleAppointment.id, reason: 'GP ill' }, owner.token);
    const alert = await ok(RAISE_ALERT, { input: { careRecipientId, message: 'Dizzy' } }, caregiver.token);
    await ok(RESOLVE_ALERT, { id: alert.raiseEmergencyAlert.id }, owner.token);
    const shift = await ok(START_SHIFT, { careRecipientId }, caregiver.token);
    await ok(END_SHIFT, { id: shift.startShift.id }, caregiver.token);

    const seen: Edge['node'][] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const data = await ok(TIMELINE, { id: careRecipientId, first: 3, after }, owner.token);
      const { edges, pageInfo } = data.careRecipient.timeline;
      expect(edges.length).toBeLessThanOrEqual(3);
      seen.push(...edges.map((edge: Edge) => edge.node));
      after = pageInfo.endCursor;
      if (!pageInfo.hasNextPage) break;
    }
    expect(seen.map((node) => node.kind)).toEqual([
      'shift.ended',
      'shift.started',
      'emergency.alert.resolved',
      'emergency.alert.created',
      'appointment.cancelled',
      'appointment.requested',
      'medication.logged',
      'medication.added',
      'care_recipient.created',
    ]);
    expect(seen.map((node) => node.author.id)).toEqual([caregiver.id, caregiver.id, owner.id, caregiver.id, owner.id, owner.id, caregiver.id, owner.id, owner.id]);
    expect(seen.find((node) => node.kind === 'medication.logged')!.text).toBe('Aspirin given: with tea');
    expect(seen.find((node) => node.kind === 'appointment.cancelled')!.text).toBe('Appointment "GP" cancelled: GP ill');

    const entry = seen[0];
    const [event] = await outboxEvents(harness, 'timeline.entry.created', entry.id);
    expect(event).toMatchObject({
      source: '/caregraph/care',
      aggregatetype: 'TimelineEntry',
      carecircleid: circle,
      causedby: caregiver.id,
      data: { entryId: entry.id, careRecipientId, careCircleId: circle, kind: 'shift.ended', text: 'Shift ended.', authorId: caregiver.id },
    });
    const defaults = await ok(TIMELINE, { id: careRecipientId }, owner.token);
    expect(defaults.careRecipient.timeline.edges).toHaveLength(9);
    expect(errorOf(await harness.gql(TIMELINE, { id: careRecipientId, first: 0 }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('loads timelines, appointments and alerts of many recipients in a bounded number of statements', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CareRecipient {
      id medications { id }
      appointments(first: 2) { edges { node { id careRecipient { id } } } }
      emergencyAlerts { id raisedBy { id } careRecipient { id } }
      open: emergencyAlerts(status: OPEN) { id }
      timeline(first: 3) { edges { node { id author { id } careRecipient { id } } } }
    } } }`;
    const statementsFor = async (count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const id = await seedRecipient(harness, circle, owner.token, `R${i}`);
        await ok(SCHEDULE_APPOINTMENT, { input: { careRecipientId: id, title: 'Visit', startsAt: hoursFromNow(3), feeCents: 100 } }, owner.token);
        await ok(RAISE_ALERT, { input: { careRecipientId: id, message: 'Help' } }, owner.token);
        ids.push(id);
      }
      statementCounter.reset();
      const data = await ok(query, { r: ids.map((id) => ({ __typename: 'CareRecipient', id })) }, caregiver.token);
      expect(data._entities).toHaveLength(count);
      for (const recipient of data._entities) {
        expect(recipient.appointments.edges).toHaveLength(1);
        expect(recipient.emergencyAlerts).toHaveLength(1);
        expect(recipient.timeline.edges).toHaveLength(3);
      }
      return statementCounter.snapshot().care;
    };
    const few = await statementsFor(2);
    const many = await statementsFor(12);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(8);
  });
});
