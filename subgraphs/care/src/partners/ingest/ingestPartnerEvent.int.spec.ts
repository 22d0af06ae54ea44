import { randomUUID } from 'node:crypto';
import { webhookHeaders } from '@caregraph/shared';
import { asGateway } from '@caregraph/testing';
import { seedMedication, seedRecipient, startCareHarness, type CareHarness } from '../../__tests__/careHarness';
import { postSigned, registerPartnerAs, type PartnerKeys } from '../__tests__/partnerFixture';

describe("care's POST /ingest/events", () => {
  let harness: CareHarness;
  let url: string;
  const circle = randomUUID();
  let pharmacy: PartnerKeys;
  let recipientId: string;
  let medicationId: string;
  let otherCircleRecipient: string;
  let otherRecipientMedication: string;

  beforeAll(async () => {
    harness = await startCareHarness('careingest');
    url = harness.care.url.replace(/\/graphql$/, '/ingest/events');
    const owner = await harness.member(circle, 'OWNER');
    ({ careRecipientId: recipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 3, refillThreshold: 1 }));
    ({ medicationId: otherRecipientMedication } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 3, refillThreshold: 1 }));
    const stranger = randomUUID();
    otherCircleRecipient = await seedRecipient(harness, stranger, (await harness.member(stranger, 'OWNER')).token);
    pharmacy = await registerPartnerAs(harness, owner.token, circle, ['pharmacy.refill_ready']);
  });
  afterAll(() => harness?.close());

  const refill = (data: Record<string, unknown> = {}, id: string = randomUUID()) =>
    JSON.stringify({ id, type: 'pharmacy.refill_ready', data: { careRecipientId: recipientId, medicationId, pickupLocation: 'Counter 2', ...data } });
  const written = async () => {
    const { rows } = await harness.db.query(
      "select (select count(*)::int from care.outbox where event_type like 'partner.%' and event_type <> 'partner.registered') as events, (select count(*)::int from care.partner_event) as claims",
    );
    return rows[0] as { events: number; claims: number };
  };
  /** Sends one request and expects it refused with `status` and `code`, and nothing written. */
  const expectRefused = async (send: () => Promise<{ status: number; body: { error?: { code?: string } } }>, status: number, code: string) => {
    const before = await written();
    const answer = await send();
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
    expect(await written()).toEqual(before);
  };

  it('records a signed event once, as partner.pharmacy.refill_ready in the partner\'s circle', async () => {
    const id = `evt_${randomUUID()}`;
    // The bytes are signed as sent: spacing and key order that a re-serialisation would change.
    const body = `{ "type":"pharmacy.refill_ready",  "data": {"pickupLocation":"Counter 2","medicationId":"${medicationId.toUpperCase()}","careRecipientId":"${recipientId}"}, "id":"${id}" }`;
    const sent = { id: `msg_${randomUUID()}`, now: new Date() };
    const answer = await postSigned(url, pharmacy, body, sent);
    expect(answer).toEqual({ status: 202, body: { id: expect.any(String), type: 'partner.pharmacy.refill_ready' } });
    const { rows } = await harness.db.query('select payload, aggregate_type, aggregate_id from care.outbox where id = $1', [answer.body.id]);
    expect(rows[0]).toMatchObject({ aggregate_type: 'Partner', aggregate_id: pharmacy.id });
    expect(rows[0].payload).toMatchObject({
      type: 'partner.pharmacy.refill_ready',
      source: '/caregraph/care',
      carecircleid: circle,
      data: { partnerId: pharmacy.id, partnerName: 'City Pharmacy', partnerEventId: id, careCircleId: circle, careRecipientId: recipientId, medicationId, medicationName: 'Metformin', pickupLocation: 'Counter 2' },
    });
    expect(rows[0].payload.causedby).toBeUndefined();
    const claims = await harness.db.query('select event_type, recorded_event_id from care.partner_event where partner_id = $1 and event_id = $2', [pharmacy.id, id]);
    expect(claims.rows).toEqual([{ event_type: 'pharmacy.refill_ready', recorded_event_id: answer.body.id }]);

    // The same request again (a replay), and the same event id in a new message: refused, nothing written.
    await expectRefused(() => postSigned(url, pharmacy, body, sent), 409, 'DUPLICATE_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, refill({}, id)), 409, 'DUPLICATE_EVENT');
  });

  it('records one of two identical requests arriving together', async () => {
    const body = refill();
    const webhookId = randomUUID();
    const answers = await Promise.all([postSigned(url, pharmacy, body, { id: webhookId }), postSigned(url, pharmacy, body, { id: webhookId })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
  });

  it('records clinic.appointment_confirmed for a partner granted it', async () => {
    const owner = await harness.member(circle, 'OWNER');
    const clinic = await registerPartnerAs(harness, owner.token, circle, ['clinic.appointment_confirmed'], 'Riverside Clinic');
    const body = JSON.stringify({ id: 'appt-1', type: 'clinic.appointment_confirmed', data: { careRecipientId: recipientId, title: 'Eye check', startsAt: '2030-05-01T09:30:00+02:00' } });
    const answer = await postSigned(url, clinic, body);
    expect(answer.status).toBe(202);
    const { rows } = await harness.db.query('select payload from care.outbox where id = $1', [answer.body.id]);
    expect(rows[0].payload).toMatchObject({ type: 'partner.clinic.appointment_confirmed', data: { title: 'Eye check', startsAt: '2030-05-01T07:30:00.000Z', partnerName: 'Riverside Clinic' } });
    // This partner was granted only its own type.
    await expectRefused(() => postSigned(url, clinic, refill()), 403, 'EVENT_TYPE_NOT_GRANTED');
  });

  it('refuses stale and future timestamps, unknown partners and bad signatures', async () => {
    const sixMinutes = 6 * 60_000;
    await expectRefused(() => postSigned(url, pharmacy, refill(), { now: new Date(Date.now() - sixMinutes) }), 400, 'STALE_TIMESTAMP');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { now: new Date(Date.now() + sixMinutes) }), 400, 'STALE_TIMESTAMP');
    await expectRefused(() => postSigned(url, { ...pharmacy, id: randomUUID() }, refill()), 401, 'UNKNOWN_PARTNER');
    await expectRefused(() => postSigned(url, { ...pharmacy, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, refill()), 401, 'BAD_SIGNATURE');
    // Signed bytes, other bytes sent.
    const signed = refill();
    await expectRefused(() => postSigned(url, pharmacy, signed.replace('Counter 2', 'Counter 3'), { headers: webhookHeaders(pharmacy.secret, signed) }), 401, 'BAD_SIGNATURE');
  });

  it('refuses bodies that are not an event, unknown types and data failing its schema', async () => {
    await expectRefused(() => postSigned(url, pharmacy, '{"id": "a", "type": '), 400, 'INVALID_JSON');
    await expectRefused(() => postSigned(url, pharmacy, '[]'), 422, 'INVALID_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, JSON.stringify({ id: 'a', type: 'pharmacy.refill_ready' })), 422, 'INVALID_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, JSON.stringify({ id: 'a b', type: 'pharmacy.refill_ready', data: {} })), 422, 'INVALID_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, JSON.stringify({ id: 'a', type: 'pharmacy.refill_ready', data: {}, extra: 1 })), 422, 'INVALID_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, JSON.stringify({ id: 'a', type: 'pharmacy.explode', data: {} })), 422, 'UNKNOWN_EVENT_TYPE');
    for (const data of [{ pickupLocation: undefined }, { pickupLocation: '   ' }, { pickupLocation: 'x'.repeat(201) }, { medicationId: 'aspirin' }, { careRecipientId: 42 }, { note: 'extra' }, { pickupLocation: 'Counter\u00002' }]) {
      await expectRefused(() => postSigned(url, pharmacy, refill(data)), 422, 'SCHEMA_INVALID');
    }
    const answer = await postSigned(url, pharmacy, refill({ pickupLocation: 'x'.repeat(201) }));
    expect(answer.body.error.message).toBe('data does not fit pharmacy.refill_ready: /pickupLocation must NOT have more than 200 characters.');
  });

  it("refuses references outside the partner's circle", async () => {
    await expectRefused(() => postSigned(url, pharmacy, refill({ careRecipientId: otherCircleRecipient })), 422, 'UNKNOWN_REFERENCE');
    await expectRefused(() => postSigned(url, pharmacy, refill({ careRecipientId: randomUUID() })), 422, 'UNKNOWN_REFERENCE');
    await expectRefused(() => postSigned(url, pharmacy, refill({ medicationId: otherRecipientMedication })), 422, 'UNKNOWN_REFERENCE');
    await expectRefused(() => postSigned(url, pharmacy, refill({ medicationId: randomUUID() })), 422, 'UNKNOWN_REFERENCE');
  });

  it('refuses hostile requests: garbage headers, wrong content types, deep or oversized bodies, no gateway credential', async () => {
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'webhook-partner': 'robert"); drop table care.partner;--' } }), 400, 'BAD_HEADER');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'webhook-timestamp': '1e9' } }), 400, 'BAD_HEADER');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'webhook-id': 'has space' } }), 400, 'BAD_HEADER');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'webhook-signature': `v1,${'A'.repeat(2000)}` } }), 400, 'BAD_HEADER');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { headers: { 'webhook-signature': 'v1,bm9wZQ== garbage ,,, v9,xyz' } }), 401, 'BAD_SIGNATURE');
    await expectRefused(() => postSigned(url, pharmacy, `{"id":"deep","type":"pharmacy.refill_ready","data":${'['.repeat(30000)}${']'.repeat(30000)}}`), 422, 'INVALID_EVENT');
    await expectRefused(() => postSigned(url, pharmacy, refill({ pickupLocation: 'x'.repeat(70 * 1024) })), 413, 'PAYLOAD_TOO_LARGE');
    await expectRefused(() => postSigned(url, pharmacy, refill(), { asGateway: false }), 401, 'UNAUTHENTICATED');
    const get = await fetch(url, { headers: await asGateway() });
    expect(get.status).toBe(405);
  });
});
