import { randomUUID } from 'node:crypto';
import { errorOf, startCareHarness, type CareHarness } from '../__tests__/careHarness';
import { REGISTER_PARTNER } from './__tests__/partnerFixture';

describe('registerPartner', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('carepartners');
    owner = await harness.member(circle, 'OWNER');
  });
  afterAll(() => harness?.close());

  const written = async () => {
    const { rows } = await harness.db.query(
      "select (select count(*)::int from care.partner) as partners, (select count(*)::int from care.outbox where event_type = 'partner.registered') as events",
    );
    return rows[0] as { partners: number; events: number };
  };
  const register = (input: Record<string, unknown>, token?: string) =>
    harness.gql(REGISTER_PARTNER, { input: { careCircleId: circle, name: 'City Pharmacy', eventTypes: ['pharmacy.refill_ready'], ...input } }, token);

  it('registers a partner for an OWNER, shows its secret once and stores it only sealed', async () => {
    const result = await register({ name: '  City Pharmacy  ', eventTypes: ['pharmacy.refill_ready', 'clinic.appointment_confirmed', 'pharmacy.refill_ready'] }, owner.token);
    expect(result.errors).toBeUndefined();
    const { partner, secret } = result.data!.registerPartner;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(partner).toMatchObject({ name: 'City Pharmacy', eventTypes: ['clinic.appointment_confirmed', 'pharmacy.refill_ready'], careCircle: { id: circle } });

    const { rows } = await harness.db.query('select * from care.partner where id = $1', [partner.id]);
    expect(rows[0]).toMatchObject({ care_circle_id: circle, registered_by_id: owner.id });
    expect(rows[0].sealed_secret).toMatch(/^v1:/);
    expect(JSON.stringify(rows[0])).not.toContain(secret.slice('whsec_'.length));

    const events = await harness.db.query("select payload from care.outbox where event_type = 'partner.registered' and aggregate_id = $1", [partner.id]);
    expect(events.rows[0].payload).toMatchObject({
      carecircleid: circle,
      causedby: owner.id,
      data: { partnerId: partner.id, careCircleId: circle, name: 'City Pharmacy', eventTypes: ['clinic.appointment_confirmed', 'pharmacy.refill_ready'], registeredBy: owner.id },
    });
    expect(JSON.stringify(events.rows[0].payload)).not.toContain(secret.slice('whsec_'.length));
    // Every registration has a secret of its own.
    expect((await register({}, owner.token)).data!.registerPartner.secret).not.toBe(secret);
  });

  it('refuses anyone but an OWNER of the circle, and anonymous callers, writing nothing', async () => {
    const before = await written();
    for (const role of ['CAREGIVER', 'FAMILY', 'VIEWER'] as const) {
      expect(errorOf(await register({}, (await harness.member(circle, role)).token))).toMatchObject({ code: 'FORBIDDEN' });
    }
    const otherOwner = await harness.member(randomUUID(), 'OWNER');
    expect(errorOf(await register({}, otherOwner.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await register({}, (await harness.outsider()).token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await register({}))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await written()).toEqual(before);
  });

  it('refuses a bad name or event types as BAD_USER_INPUT naming the field, writing nothing', async () => {
    const before = await written();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ eventTypes: [] }, 'eventTypes'],
      [{ eventTypes: ['pharmacy.refill_ready', 'pharmacy.anything'] }, 'eventTypes'],
      [{ eventTypes: ['partner.pharmacy.refill_ready'] }, 'eventTypes'],
      [{ careCircleId: 'not-an-id' }, 'careCircleId'],
    ];
    for (const [input, field] of cases) expect(errorOf(await register(input, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await written()).toEqual(before);
  });

  it('caps the partners of one circle', async () => {
    const crowded = randomUUID();
    const crowdedOwner = await harness.member(crowded, 'OWNER');
    for (let i = 0; i < 20; i += 1) {
      expect((await register({ careCircleId: crowded }, crowdedOwner.token)).errors).toBeUndefined();
    }
    expect(errorOf(await register({ careCircleId: crowded }, crowdedOwner.token))).toMatchObject({ code: 'ILLEGAL_STATE' });
  });
});
