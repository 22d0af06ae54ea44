import { randomUUID } from 'node:crypto';
import { ADD_MEDICATION, ADD_RECIPIENT, errorOf, LOG_MEDICATION, seedMedication, startCareHarness, type CareHarness } from './__tests__/careHarness';

const RECIPIENT = `query ($id: ID!) {
  careRecipient(id: $id) {
    id name dateOfBirth careCircle { id }
    medications { id name scheduleTimes supplyRemaining logs(first: 2) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }
  }
}`;

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on MedicationLog { id status loggedBy { id } medication { id } }
    ... on Medication { id supplyRemaining }
    ... on CareRecipient { id name }
  }
}`;

describe('care subgraph over HTTP', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('care');
    owner = await harness.member(circle, 'OWNER');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
  });
  afterAll(() => harness?.close());

  const outbox = async (type: string, aggregateId: string) =>
    (await harness.db.query('select payload from care.outbox where event_type = $1 and aggregate_id = $2 order by sequence', [type, aggregateId])).rows.map(
      (row) => row.payload,
    );

  it('lets a member add a recipient and a medication, and records both events', async () => {
    const added = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: ' Rose ', dateOfBirth: '1941-03-02' } }, owner.token);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addCareRecipient).toMatchObject({ name: 'Rose', dateOfBirth: '1941-03-02', careCircle: { id: circle } });
    const careRecipientId = added.data!.addCareRecipient.id;
    const [created] = await outbox('care_recipient.created', careRecipientId);
    expect(created).toMatchObject({ source: '/caregraph/care', carecircleid: circle, causedby: owner.id, aggregatetype: 'CareRecipient' });

    const medication = await harness.gql(
      ADD_MEDICATION,
      { input: { careRecipientId, name: 'Aspirin', dosage: '75 mg', scheduleTimes: ['21:00', '07:30'], supplyRemaining: 10, refillThreshold: 2 } },
      owner.token,
    );
    expect(medication.data!.addMedication).toMatchObject({ scheduleTimes: ['07:30', '21:00'], supplyRemaining: 10, careRecipient: { id: careRecipientId } });
    expect(await outbox('medication.added', medication.data!.addMedication.id)).toHaveLength(1);
  });

  it('decrements the supply on a GIVEN log and records medication.logged with the full data', async () => {
    const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 5, refillThreshold: 2 });
    const logged = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN', note: 'with breakfast' } }, owner.token);
    expect(logged.errors).toBeUndefined();
    const log = logged.data!.logMedication;
    expect(log).toMatchObject({ status: 'GIVEN', note: 'with breakfast', loggedBy: { id: owner.id }, medication: { id: medicationId, supplyRemaining: 4 } });
    expect(new Date(log.loggedAt).toISOString()).toBe(log.loggedAt);

    const [event] = await outbox('medication.logged', medicationId);
    expect(event).toMatchObject({
      type: 'medication.logged',
      subject: medicationId,
      aggregatetype: 'Medication',
      carecircleid: circle,
      causedby: owner.id,
      data: { logId: log.id, medicationId, careRecipientId, status: 'GIVEN', note: 'with breakfast', supplyRemaining: 4, loggedBy: owner.id },
    });
    expect(await outbox('medication.refill_needed', medicationId)).toHaveLength(0);
  });

  it('records medication.refill_needed once a GIVEN dose leaves supply at or below the threshold', async () => {
    const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 3, refillThreshold: 2 });
    await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'SKIPPED' } }, owner.token);
    expect(await outbox('medication.refill_needed', medicationId)).toHaveLength(0);
    await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, owner.token);
    const [refill] = await outbox('medication.refill_needed', medicationId);
    expect(refill.data).toEqual({ medicationId, careRecipientId, supplyRemaining: 2, refillThreshold: 2 });
    const logged = await outbox('medication.logged', medicationId);
    expect(logged.map((event) => [event.data.status, event.data.supplyRemaining])).toEqual([['SKIPPED', 3], ['GIVEN', 2]]);
  });

  it('pages logs newest first with opaque cursors', async () => {
    const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 9, refillThreshold: 0 });
    for (const status of ['GIVEN', 'SKIPPED', 'MISSED']) await harness.gql(LOG_MEDICATION, { input: { medicationId, status } }, owner.token);
    const first = await harness.gql(RECIPIENT, { id: careRecipientId }, viewer.token);
    const logs = first.data!.careRecipient.medications[0].logs;
    expect(logs.edges.map((edge: { node: { status: string } }) => edge.node.status)).toEqual(['MISSED', 'SKIPPED']);
    expect(logs.pageInfo.hasNextPage).toBe(true);
    const next = await harness.gql(
      `query ($id: ID!) { _entities(representations: [{ __typename: "Medication", id: $id }]) { ... on Medication { logs(after: "${logs.pageInfo.endCursor}") { edges { node { status } } pageInfo { hasNextPage } } } } }`,
      { id: medicationId },
      viewer.token,
    );
    expect(next.data!._entities[0].logs).toEqual({ edges: [{ node: { status: 'GIVEN' } }], pageInfo: { hasNextPage: false } });
    const bad = await harness.gql(`query ($id: ID!) { careRecipient(id: $id) { medications { logs(after: "nonsense") { edges { cursor } } } } }`, { id: careRecipientId }, owner.token);
    expect(errorOf(bad)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('lets a VIEWER read but not write', async () => {
    const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 4, refillThreshold: 1 });
    const read = await harness.gql(RECIPIENT, { id: careRecipientId }, viewer.token);
    expect(read.errors).toBeUndefined();
    expect(read.data!.careRecipient.medications[0]).toMatchObject({ id: medicationId, supplyRemaining: 4 });

    const log = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, viewer.token);
    expect(errorOf(log).code).toBe('FORBIDDEN');
    const add = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'Someone' } }, viewer.token);
    expect(errorOf(add).code).toBe('FORBIDDEN');
  });

  it('forbids outsiders, rejects anonymous callers and reports unknown ids', async () => {
    const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 4, refillThreshold: 1 });
    expect(errorOf(await harness.gql(RECIPIENT, { id: careRecipientId }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'X' } }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(RECIPIENT, { id: careRecipientId })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(RECIPIENT, { id: randomUUID() }, owner.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.gql(RECIPIENT, { id: 'not-a-uuid' }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const supply = await harness.db.query('select supply_remaining from care.medication where id = $1', [medicationId]);
    expect(supply.rows[0].supply_remaining).toBe(4);
  });

  it.each([
    ['a blank recipient name', ADD_RECIPIENT, () => ({ careCircleId: circle, name: '   ' }), 'name'],
    ['a future date of birth', ADD_RECIPIENT, () => ({ careCircleId: circle, name: 'A', dateOfBirth: '2999-01-01' }), 'dateOfBirth'],
    ['an impossible date of birth', ADD_RECIPIENT, () => ({ careCircleId: circle, name: 'A', dateOfBirth: '1950-02-30' }), 'dateOfBirth'],
    ['a malformed circle id', ADD_RECIPIENT, () => ({ careCircleId: 'nope', name: 'A' }), 'careCircleId'],
  ])('rejects %s with BAD_USER_INPUT', async (_name, mutation, input, field) => {
    expect(errorOf(await harness.gql(mutation, { input: input() }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it.each([
    ['a blank medication name', { name: '' }, 'name'],
    ['a blank dosage', { dosage: ' ' }, 'dosage'],
    ['a schedule time of 24:00', { scheduleTimes: ['08:00', '24:00'] }, 'scheduleTimes'],
    ['a schedule time without minutes', { scheduleTimes: ['8'] }, 'scheduleTimes'],
    ['a negative supply', { supplyRemaining: -1 }, 'supplyRemaining'],
    ['a negative refill threshold', { refillThreshold: -3 }, 'refillThreshold'],
  ])('rejects a medication with %s', async (_name, override, field) => {
    const { careRecipientId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 1, refillThreshold: 0 });
    const input = { careRecipientId, name: 'Med', dosage: '1 pill', scheduleTimes: ['08:00'], supplyRemaining: 5, refillThreshold: 1, ...override };
    expect(errorOf(await harness.gql(ADD_MEDICATION, { input }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('resolves MedicationLog entities for members only', async () => {
    const { medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 4, refillThreshold: 1 });
    const logged = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'MISSED' } }, owner.token);
    const logId = logged.data!.logMedication.id;
    const representations = [{ __typename: 'MedicationLog', id: logId }];

    const asMember = await harness.gql(ENTITIES, { representations }, viewer.token);
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data!._entities).toEqual([{ id: logId, status: 'MISSED', loggedBy: { id: owner.id }, medication: { id: medicationId } }]);

    const asOutsider = await harness.gql(ENTITIES, { representations }, outsider.token);
    expect(errorOf(asOutsider).code).toBe('FORBIDDEN');
    expect(asOutsider.data?._entities?.[0] ?? null).toBeNull();
    const anonymous = await harness.gql(ENTITIES, { representations: [{ __typename: 'Medication', id: medicationId }] });
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });
});
