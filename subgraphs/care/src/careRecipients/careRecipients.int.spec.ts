import { randomUUID } from 'node:crypto';
import { ADD_RECIPIENT, errorOf, outboxEvents, startCareHarness, type CareHarness } from '../__tests__/careHarness';

const UPDATE_RECIPIENT = `mutation ($input: UpdateCareRecipientInput!) {
  updateCareRecipient(input: $input) { id name dateOfBirth timeZone }
}`;

const RECIPIENT = `query ($id: ID!) { careRecipient(id: $id) { id name dateOfBirth timeZone } }`;

describe('care recipients: time zone and updates', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let caregiver: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('carerecip');
    owner = await harness.member(circle, 'OWNER');
    caregiver = await harness.member(circle, 'CAREGIVER');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
  });
  afterAll(() => harness?.close());

  const add = (input: Record<string, unknown>, token = owner.token) => harness.gql(ADD_RECIPIENT.replace('dateOfBirth', 'dateOfBirth timeZone'), { input: { careCircleId: circle, name: 'Rose', ...input } }, token);
  const update = (input: Record<string, unknown>, token = caregiver.token) => harness.gql(UPDATE_RECIPIENT, { input }, token);

  it('defaults the time zone to UTC and stores a given one in its canonical spelling', async () => {
    const plain = await add({});
    expect(plain.data!.addCareRecipient.timeZone).toBe('UTC');
    const zoned = await add({ timeZone: 'europe/london' });
    expect(zoned.errors).toBeUndefined();
    expect(zoned.data!.addCareRecipient.timeZone).toBe('Europe/London');
    const [created] = await outboxEvents(harness, 'care_recipient.created', zoned.data!.addCareRecipient.id);
    expect(created.data.timeZone).toBe('Europe/London');
  });

  it('refuses an unknown time zone as BAD_USER_INPUT on timeZone, writing nothing', async () => {
    const refused = await add({ name: 'Nobody', timeZone: 'Mars/Olympus' });
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
    const { rows } = await harness.db.query(`select count(*)::int as n from care.care_recipient where name = 'Nobody'`);
    expect(rows[0].n).toBe(0);
  });

  it('lets a writer change name, date of birth and time zone, recording only what changed', async () => {
    const id = (await add({ dateOfBirth: '1941-03-02' })).data!.addCareRecipient.id;
    const updated = await update({ id, name: ' Rosie ', timeZone: 'America/New_York' });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateCareRecipient).toEqual({ id, name: 'Rosie', dateOfBirth: '1941-03-02', timeZone: 'America/New_York' });
    expect((await harness.gql(RECIPIENT, { id }, viewer.token)).data!.careRecipient).toMatchObject({ name: 'Rosie', timeZone: 'America/New_York' });

    const cleared = await update({ id, dateOfBirth: null, name: 'Rosie' });
    expect(cleared.data!.updateCareRecipient.dateOfBirth).toBeNull();
    const events = await outboxEvents(harness, 'care_recipient.updated', id);
    expect(events.map((event) => event.data)).toEqual([
      { careRecipientId: id, careCircleId: circle, name: 'Rosie', timeZone: 'America/New_York' },
      { careRecipientId: id, careCircleId: circle, dateOfBirth: null },
    ]);
    expect(events[0]).toMatchObject({ causedby: caregiver.id, carecircleid: circle, aggregatetype: 'CareRecipient' });

    await update({ id, name: 'Rosie' });
    expect(await outboxEvents(harness, 'care_recipient.updated', id)).toHaveLength(2);
  });

  it('refuses viewers, outsiders, a bad zone and an unknown id, changing nothing', async () => {
    const id = (await add({})).data!.addCareRecipient.id;
    expect(errorOf(await update({ id, name: 'Viewer was here' }, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await update({ id, name: 'Outsider was here' }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await update({ id, timeZone: 'Not/AZone' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
    expect(errorOf(await update({ id: randomUUID(), name: 'X' })).code).toBe('NOT_FOUND');
    expect((await harness.gql(RECIPIENT, { id }, owner.token)).data!.careRecipient).toMatchObject({ name: 'Rose', timeZone: 'UTC' });
    expect(await outboxEvents(harness, 'care_recipient.updated', id)).toEqual([]);
  });
});
