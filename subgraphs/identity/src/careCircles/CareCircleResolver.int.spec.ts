import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';

const CREATE = 'mutation($name: String!) { createCareCircle(input: { name: $name }) { id name createdAt members { role joinedAt user { id email } } } }';
const CIRCLE = 'query($id: ID!) { careCircle(id: $id) { id name members { role user { id email } } } }';

describe('identity care circles over HTTP', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness('identity_circles');
  });
  afterAll(() => h?.close());

  async function createCircle(token: string, name = 'Grandma'): Promise<string> {
    const result = await h.request(CREATE, { name }, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createCareCircle.id;
  }

  it('makes the creator OWNER and writes care_circle.created and member_added to the outbox', async () => {
    const owner = await h.signUp('Olivia');
    const result = await h.request(CREATE, { name: '  Grandma Rose ' }, owner.token);
    expect(result.errors).toBeUndefined();
    const circle = result.data!.createCareCircle;
    expect(circle).toMatchObject({ name: 'Grandma Rose', members: [{ role: 'OWNER', user: { id: owner.id, email: owner.email } }] });

    const { rows } = await h.db.query(
      `select event_type, aggregate_type, aggregate_id, payload from identity.outbox
        where payload->>'carecircleid' = $1 order by sequence`,
      [circle.id],
    );
    expect(rows.map((row) => row.event_type)).toEqual(['care_circle.created', 'care_circle.member_added']);
    for (const row of rows) {
      expect(row).toMatchObject({ aggregate_type: 'CareCircle', aggregate_id: circle.id });
      expect(row.payload).toMatchObject({ source: '/caregraph/identity', carecircleid: circle.id, causedby: owner.id, aggregatetype: 'CareCircle' });
    }
    expect(rows[0].payload.data).toEqual({ careCircleId: circle.id, name: 'Grandma Rose', ownerId: owner.id });
    expect(rows[1].payload.data).toEqual({ careCircleId: circle.id, userId: owner.id, role: 'OWNER' });

    const me = await h.request('{ me { careCircles { id name } } }', {}, owner.token);
    expect(me.data!.me.careCircles).toEqual([{ id: circle.id, name: 'Grandma Rose' }]);
  });

  it('needs a signed-in caller and a sensible name', async () => {
    expect((await h.request(CREATE, { name: 'X' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const { token } = await h.signUp();
    expect((await h.request(CREATE, { name: ' ' }, token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('publishes the roles of members who joined by invitation in membership_directory', async () => {
    const owner = await h.signUp('Owner');
    const carer = await h.signUp('Carer');
    const circleId = await createCircle(owner.token);
    await h.join(circleId, owner.token, carer, 'CAREGIVER');

    const directory = await h.db.query('select user_id, role from identity.membership_directory where care_circle_id = $1 order by role', [circleId]);
    expect(directory.rows).toEqual([
      { user_id: carer.id, role: 'CAREGIVER' },
      { user_id: owner.id, role: 'OWNER' },
    ]);

    // Co-members now see each other's email.
    const seenByCarer = await h.request(CIRCLE, { id: circleId }, carer.token);
    expect(seenByCarer.errors).toBeUndefined();
    expect(seenByCarer.data!.careCircle.members.map((m: { user: { email: string } }) => m.user.email)).toEqual([owner.email, carer.email]);
  });

  it('no longer offers addMember', async () => {
    const owner = await h.signUp();
    const result = await h.request('mutation { addMember(input: { careCircleId: "x", email: "a@b.c", role: VIEWER }) { role } }', {}, owner.token);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers careCircle with FORBIDDEN for outsiders, NOT_FOUND for unknown ids and BAD_USER_INPUT for malformed ones', async () => {
    const owner = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await createCircle(owner.token, 'Private');

    const forbidden = await h.request(CIRCLE, { id: circleId }, outsider.token);
    expect(forbidden.data).toEqual({ careCircle: null });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(forbidden)).not.toContain('Private');
    expect((await h.request(CIRCLE, { id: '00000000-0000-4000-8000-000000000000' }, owner.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await h.request(CIRCLE, { id: 'abc' }, owner.token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await h.request(CIRCLE, { id: circleId })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves CareCircle references for members only', async () => {
    const owner = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await createCircle(owner.token, 'Referenced');
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on CareCircle { id name } } }';
    const r = [{ __typename: 'CareCircle', id: circleId }];

    expect((await h.request(query, { r }, owner.token)).data).toEqual({ _entities: [{ id: circleId, name: 'Referenced' }] });
    const refused = await h.request(query, { r }, outsider.token);
    expect(refused.data).toEqual({ _entities: [null] });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
