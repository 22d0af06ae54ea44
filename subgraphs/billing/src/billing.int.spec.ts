import { randomUUID } from 'node:crypto';
import { BILL, errorOf, startBillingHarness, type BillingHarness, type TestUser } from './__tests__/billingHarness';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Appointment { id bill { id status amountCents careCircle { id } } }
    ... on Bill { id status payments { id } }
  }
}`;

describe('billing subgraph over HTTP', () => {
  let harness: BillingHarness;
  const circle = randomUUID();
  let owner: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    harness = await startBillingHarness('billing');
    owner = await harness.member(circle, 'OWNER');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
  });
  afterAll(() => harness?.close());

  it('shows a bill to every member of its circle, VIEWER included', async () => {
    const bill = await harness.seedBill(circle, 12000);
    for (const member of [owner, viewer]) {
      const result = await harness.gql(BILL, { id: bill.id }, member.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.bill).toEqual({
        id: bill.id,
        amountCents: 12000,
        currency: 'USD',
        status: 'PENDING',
        createdAt: bill.createdAt.toISOString(),
        careCircle: { id: circle },
        appointment: { id: bill.appointmentId },
        payments: [],
      });
    }
  });

  it('forbids outsiders, rejects anonymous callers and reports unknown or malformed ids', async () => {
    const bill = await harness.seedBill(circle);
    const asOutsider = await harness.gql(BILL, { id: bill.id }, outsider.token);
    expect(errorOf(asOutsider).code).toBe('FORBIDDEN');
    expect(asOutsider.data?.bill ?? null).toBeNull();
    expect(errorOf(await harness.gql(BILL, { id: bill.id })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(BILL, { id: randomUUID() }, owner.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.gql(BILL, { id: "1' or '1'='1" }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('contributes Appointment.bill through _entities, batched, for members only', async () => {
    const first = await harness.seedBill(circle, 100);
    const second = await harness.seedBill(circle, 200);
    const unbilled = randomUUID();
    const representations = [first, second].map((bill) => ({ __typename: 'Appointment', id: bill.appointmentId }));
    representations.push({ __typename: 'Appointment', id: unbilled });

    const asMember = await harness.gql(ENTITIES, { representations }, viewer.token);
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data!._entities).toEqual([
      { id: first.appointmentId, bill: { id: first.id, status: 'PENDING', amountCents: 100, careCircle: { id: circle } } },
      { id: second.appointmentId, bill: { id: second.id, status: 'PENDING', amountCents: 200, careCircle: { id: circle } } },
      { id: unbilled, bill: null },
    ]);

    const asOutsider = await harness.gql(ENTITIES, { representations: representations.slice(0, 1) }, outsider.token);
    expect(errorOf(asOutsider).code).toBe('FORBIDDEN');
    expect(asOutsider.data!._entities[0].bill).toBeNull();
    const anonymous = await harness.gql(ENTITIES, { representations: representations.slice(0, 1) });
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('resolves Bill entities for members only; unknown and malformed ids give null', async () => {
    const bill = await harness.seedBill(circle);
    const representations = [
      { __typename: 'Bill', id: bill.id },
      { __typename: 'Bill', id: randomUUID() },
      { __typename: 'Bill', id: 'nope' },
    ];
    const asMember = await harness.gql(ENTITIES, { representations }, viewer.token);
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data!._entities).toEqual([{ id: bill.id, status: 'PENDING', payments: [] }, null, null]);
    expect(errorOf(await harness.gql(ENTITIES, { representations: representations.slice(0, 1) }, outsider.token)).code).toBe('FORBIDDEN');
  });

  it('answers /health', async () => {
    const response = await fetch(harness.billing.url.replace('/graphql', '/health'));
    expect(await response.json()).toEqual({ status: 'ok', subgraph: 'billing' });
  });
});
