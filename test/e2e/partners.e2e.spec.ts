import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { webhookHeaders } from '@caregraph/shared';
import { careGraphForTest, errorOf, eventually, graphqlAt, type CareGraphForTest } from '@caregraph/testing';

/**
 * Partner events in (issue 11, item 5), in services mode as real processes: an OWNER registers a
 * pharmacy through the gateway, the pharmacy POSTs signed events to the gateway's
 * /ingest/events, and each accepted one reaches the circle's log and its members' notifications;
 * every refused one is answered with its reason and writes nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe('partner events in, end to end', () => {
  let running: CareGraphForTest;
  let db: Client;
  const { gql, post } = graphqlAt(() => running.caregraph.gatewayUrl);
  const ingestUrl = () => running.caregraph.gatewayUrl.replace(/\/graphql$/, '/ingest/events');
  const signUp = (name: string) => running.signUp(name);
  const join: CareGraphForTest['join'] = (...args) => running.join(...args);
  const send = async (partner: { id: string; secret: string }, body: string, options: { id?: string; now?: Date; headers?: Record<string, string> } = {}) => {
    const response = await fetch(ingestUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-partner': partner.id, ...webhookHeaders(partner.secret, body, options), ...options.headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Loose };
  };
  const partnerEventsInOutbox = async (circleId: string) =>
    Number((await db.query("select count(*) from care.outbox where event_type like 'partner.%' and event_type <> 'partner.registered' and payload->>'carecircleid' = $1", [circleId])).rows[0].count);
  const notificationTypes = async (token: string) =>
    (await gql('{ myNotifications(first: 50) { edges { node { eventType title body } } } }', {}, token)).myNotifications.edges.map((edge: Loose) => edge.node);
  const circleLog = async (circleId: string, token: string) =>
    (await gql('query($c: ID!) { careCircleEventLog(careCircleId: $c, first: 200) { edges { node { type data } } } }', { c: circleId }, token)).careCircleEventLog.edges.map((edge: Loose) => edge.node);

  beforeAll(async () => {
    running = await careGraphForTest('partners');
    db = new Client({ connectionString: running.env.DATABASE_URL });
    await db.connect();
  }, 180000);

  afterAll(async () => {
    await db?.end();
    await running?.close();
  }, 60000);

  it('notifies the OWNER and CAREGIVERs of a signed refill, logs it in the circle, and refuses every bad request without writing', async () => {
    const owner = await signUp('Olga');
    const caregiver = await signUp('Carl');
    const viewer = await signUp('Vera');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Mum" }) { id } }', {}, owner.token);
    const circleId = createCareCircle.id as string;
    await join(circleId, owner, caregiver, 'CAREGIVER');
    await join(circleId, owner, viewer, 'VIEWER');
    const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: circleId, name: 'Mum' } }, owner.token);
    const { addMedication } = await gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', {
      i: { careRecipientId: addCareRecipient.id, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['08:00'], supplyRemaining: 30, refillThreshold: 5 },
    }, owner.token);

    // Only an OWNER registers partners.
    const register = 'mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { secret partner { id name eventTypes careCircle { id } } } }';
    const input = { i: { careCircleId: circleId, name: 'City Pharmacy', eventTypes: ['pharmacy.refill_ready'] } };
    expect(errorOf((await post(register, input, caregiver.token)).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf((await post(register, input, viewer.token)).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf((await post(register, input)).body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const { registerPartner } = await gql(register, input, owner.token);
    expect(registerPartner.partner).toMatchObject({ name: 'City Pharmacy', eventTypes: ['pharmacy.refill_ready'], careCircle: { id: circleId } });
    const pharmacy = { id: registerPartner.partner.id as string, secret: registerPartner.secret as string };

    const refill = (id: string, data: Loose = {}) =>
      JSON.stringify({ id, type: 'pharmacy.refill_ready', data: { careRecipientId: addCareRecipient.id, medicationId: addMedication.id, pickupLocation: 'Counter 2', ...data } });
    const first = { id: 'msg-1', now: new Date() };
    const accepted = await send(pharmacy, refill('refill-1'), first);
    expect(accepted).toEqual({ status: 202, body: { id: expect.any(String), type: 'partner.pharmacy.refill_ready' } });

    for (const member of [owner, caregiver]) {
      await eventually(async () => expect(await notificationTypes(member.token)).toContainEqual({
        eventType: 'partner.pharmacy.refill_ready', title: 'Refill ready for pickup', body: 'Metformin is ready for pickup at Counter 2 (City Pharmacy).',
      }), 15000);
    }
    await eventually(async () => expect((await circleLog(circleId, viewer.token)).map((event: Loose) => event.type)).toContain('partner.pharmacy.refill_ready'), 15000);

    // Each bad request is refused with its reason, and nothing reaches the outbox.
    const before = await partnerEventsInOutbox(circleId);
    const refusals: [Promise<{ status: number; body: Loose }>, number, string][] = [
      [send(pharmacy, refill('refill-1'), first), 409, 'DUPLICATE_EVENT'],
      [send(pharmacy, refill('refill-old'), { now: new Date(Date.now() - 10 * 60_000) }), 400, 'STALE_TIMESTAMP'],
      [send({ ...pharmacy, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, refill('refill-forged')), 401, 'BAD_SIGNATURE'],
      [send(pharmacy, refill('refill-bad', { pickupLocation: 7 })), 422, 'SCHEMA_INVALID'],
      [send(pharmacy, JSON.stringify({ id: 'appt-1', type: 'clinic.appointment_confirmed', data: { careRecipientId: addCareRecipient.id, title: 'GP', startsAt: '2030-01-01T09:00:00Z' } })), 403, 'EVENT_TYPE_NOT_GRANTED'],
      [send({ ...pharmacy, id: randomUUID() }, refill('refill-stranger')), 401, 'UNKNOWN_PARTNER'],
      [send(pharmacy, 'x'.repeat(70 * 1024)), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [answer, status, code] of refusals) {
      const { status: got, body } = await answer;
      expect({ status: got, code: body.error?.code }).toEqual({ status, code });
      expect(typeof body.error.message).toBe('string');
    }
    expect(await partnerEventsInOutbox(circleId)).toBe(before);

    // A later good event arrives behind any earlier write of this partner (one aggregate, in order):
    // once it is in the log, the log and the notifications hold the two accepted events and no others.
    expect((await send(pharmacy, refill('refill-2', { pickupLocation: 'Drive-through' }))).status).toBe(202);
    await eventually(async () => expect((await circleLog(circleId, viewer.token)).filter((event: Loose) => event.type === 'partner.pharmacy.refill_ready')).toHaveLength(2), 15000);
    const logged = (await circleLog(circleId, viewer.token)).filter((event: Loose) => event.type.startsWith('partner.pharmacy.'));
    expect(logged.map((event: Loose) => event.data.partnerEventId).sort()).toEqual(['refill-1', 'refill-2']);
    await eventually(async () => expect((await notificationTypes(owner.token)).filter((n: Loose) => n.eventType === 'partner.pharmacy.refill_ready')).toHaveLength(2), 15000);
    expect((await notificationTypes(viewer.token)).filter((n: Loose) => n.eventType === 'partner.pharmacy.refill_ready')).toEqual([]);
  });
});
