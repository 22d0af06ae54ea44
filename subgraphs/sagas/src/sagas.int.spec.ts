import { randomUUID } from 'node:crypto';
import { startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
import { startSagas } from './index';

const BOOKING = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Appointment { id booking { id status step deadline history { name outcome at } } }
  }
}`;

describe('Appointment.booking (sagas subgraph)', () => {
  let harness: SubgraphHarness<Awaited<ReturnType<typeof startSagas>>>;
  const circleId = randomUUID();
  const appointmentId = randomUUID();

  beforeAll(async () => {
    harness = await startSubgraphHarness('sagas', startSagas);
    await harness.db.query(
      `insert into sagas.booking_saga (id, appointment_id, care_circle_id, status, step, deadline, history)
       values ($1, $2, $3, 'RUNNING', 'awaiting_payment', '2026-12-01T10:15:00Z', $4)`,
      [randomUUID(), appointmentId, circleId, JSON.stringify([{ name: 'bill.requested', outcome: 'sent', at: '2026-12-01T10:00:00Z' }])],
    );
  });
  afterAll(() => harness.close());

  const booking = (id: string, token?: string) => harness.gql(BOOKING, { representations: [{ __typename: 'Appointment', id }] }, token);

  it('shows a member the saga with status, step, deadline and history', async () => {
    const member = await harness.member(circleId, 'VIEWER');
    const result = await booking(appointmentId, member.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities[0]).toEqual({
      id: appointmentId,
      booking: {
        id: expect.any(String),
        status: 'RUNNING',
        step: 'awaiting_payment',
        deadline: '2026-12-01T10:15:00.000Z',
        history: [{ name: 'bill.requested', outcome: 'sent', at: '2026-12-01T10:00:00.000Z' }],
      },
    });
  });

  it('refuses an outsider and an anonymous caller', async () => {
    const outsider = await harness.outsider();
    expect((await booking(appointmentId, outsider.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await booking(appointmentId)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers null for an appointment whose saga has not started', async () => {
    const member = await harness.member(circleId, 'OWNER');
    const result = await booking(randomUUID(), member.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities[0].booking).toBeNull();
  });
});
