import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';

const REMOVE = 'mutation($c: ID!, $u: ID!) { removeMember(careCircleId: $c, userId: $u) }';
const LEAVE = 'mutation($c: ID!) { leaveCareCircle(careCircleId: $c) }';
const CIRCLE = 'query($id: ID!) { careCircle(id: $id) { name members { user { id } } } }';

describe('removing members and leaving a care circle', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness('identity_removal');
  });
  afterAll(() => h?.close());

  const code = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0].extensions?.code;

  async function removedEvents(circleId: string): Promise<Record<string, unknown>[]> {
    const { rows } = await h.db.query(
      `select payload from identity.outbox where event_type = 'care_circle.member_removed' and payload->>'carecircleid' = $1 order by sequence`,
      [circleId],
    );
    return rows.map((row) => row.payload);
  }

  it('lets an OWNER remove a member: the row goes, the user’s reads are refused at once, member_removed is recorded', async () => {
    const owner = await h.signUp();
    const carer = await h.signUp();
    const circleId = await h.createCircle(owner.token, 'Kept');
    await h.join(circleId, owner.token, carer, 'CAREGIVER');
    expect(code(await h.request(CIRCLE, { id: circleId }, carer.token))).toBeUndefined();

    expect((await h.request(REMOVE, { c: circleId, u: carer.id }, owner.token)).data).toEqual({ removeMember: true });

    const directory = await h.db.query('select 1 from identity.membership_directory where care_circle_id = $1 and user_id = $2', [circleId, carer.id]);
    expect(directory.rows).toEqual([]);
    const refused = await h.request(CIRCLE, { id: circleId }, carer.token);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).not.toContain('Kept');
    expect((await h.request('{ me { careCircles { id } } }', {}, carer.token)).data!.me.careCircles).toEqual([]);

    const events = await removedEvents(circleId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'care_circle.member_removed',
      source: '/caregraph/identity',
      carecircleid: circleId,
      aggregatetype: 'CareCircle',
      subject: circleId,
      causedby: owner.id,
      data: { careCircleId: circleId, userId: carer.id, role: 'CAREGIVER', removedBy: owner.id },
    });
    expect(code(await h.request(REMOVE, { c: circleId, u: carer.id }, owner.token))).toBe('NOT_FOUND');
  });

  it('refuses removeMember to non-OWNERs and outsiders, and validates ids', async () => {
    const owner = await h.signUp();
    const family = await h.signUp();
    const viewer = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    await h.join(circleId, owner.token, family, 'FAMILY');
    await h.join(circleId, owner.token, viewer, 'VIEWER');

    expect(code(await h.request(REMOVE, { c: circleId, u: viewer.id }, family.token))).toBe('FORBIDDEN');
    expect(code(await h.request(REMOVE, { c: circleId, u: owner.id }, viewer.token))).toBe('FORBIDDEN');
    expect(code(await h.request(REMOVE, { c: circleId, u: viewer.id }, outsider.token))).toBe('FORBIDDEN');
    expect(code(await h.request(REMOVE, { c: circleId, u: viewer.id }))).toBe('UNAUTHENTICATED');
    expect((await h.request(REMOVE, { c: circleId, u: 'x' }, owner.token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect((await h.request(REMOVE, { c: 'x', u: viewer.id }, owner.token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'careCircleId' });
    expect(code(await h.request(REMOVE, { c: circleId, u: outsider.id }, owner.token))).toBe('NOT_FOUND');

    const { rows } = await h.db.query('select count(*)::int as n from identity.memberships where care_circle_id = $1', [circleId]);
    expect(rows[0].n).toBe(3);
    expect(await removedEvents(circleId)).toEqual([]);
  });

  it('never removes the last OWNER, by removal or by leaving', async () => {
    const owner = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    expect(code(await h.request(REMOVE, { c: circleId, u: owner.id }, owner.token))).toBe('ILLEGAL_STATE');
    expect(code(await h.request(LEAVE, { c: circleId }, owner.token))).toBe('ILLEGAL_STATE');
    expect(await removedEvents(circleId)).toEqual([]);

    // With a second OWNER, either may go.
    const second = await h.signUp();
    await h.join(circleId, owner.token, second, 'OWNER');
    expect((await h.request(LEAVE, { c: circleId }, owner.token)).data).toEqual({ leaveCareCircle: true });
    expect(code(await h.request(LEAVE, { c: circleId }, second.token))).toBe('ILLEGAL_STATE');
  });

  it('keeps an OWNER when two OWNERs remove each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await h.signUp();
      const b = await h.signUp();
      const circleId = await h.createCircle(a.token);
      await h.join(circleId, a.token, b, 'OWNER');

      const results = await Promise.all([h.request(REMOVE, { c: circleId, u: b.id }, a.token), h.request(REMOVE, { c: circleId, u: a.id }, b.token)]);
      const outcomes = results.map((result) => code(result) ?? 'OK').sort();
      // The second one finds itself removed (FORBIDDEN) or the other the last OWNER (ILLEGAL_STATE).
      expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(1);
      expect(['FORBIDDEN', 'ILLEGAL_STATE']).toContain(outcomes.find((outcome) => outcome !== 'OK'));
      const owners = await h.db.query("select count(*)::int as n from identity.memberships where care_circle_id = $1 and role = 'OWNER'", [circleId]);
      expect(owners.rows[0].n).toBe(1);
      expect(await removedEvents(circleId)).toHaveLength(1);
    }
  });

  it('keeps an OWNER when two OWNERs leave at the same moment', async () => {
    const a = await h.signUp();
    const b = await h.signUp();
    const circleId = await h.createCircle(a.token);
    await h.join(circleId, a.token, b, 'OWNER');
    const results = await Promise.all([h.request(LEAVE, { c: circleId }, a.token), h.request(LEAVE, { c: circleId }, b.token)]);
    expect(results.map((result) => code(result) ?? 'OK').sort()).toEqual(['ILLEGAL_STATE', 'OK']);
    const owners = await h.db.query("select count(*)::int as n from identity.memberships where care_circle_id = $1 and role = 'OWNER'", [circleId]);
    expect(owners.rows[0].n).toBe(1);
  });

  it('lets a member leave: member_removed with removedBy = themself, and their reads are refused', async () => {
    const owner = await h.signUp();
    const viewer = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    await h.join(circleId, owner.token, viewer, 'VIEWER');

    expect((await h.request(LEAVE, { c: circleId }, viewer.token)).data).toEqual({ leaveCareCircle: true });
    expect(code(await h.request(CIRCLE, { id: circleId }, viewer.token))).toBe('FORBIDDEN');
    expect((await removedEvents(circleId)).map((event) => event.data)).toEqual([{ careCircleId: circleId, userId: viewer.id, role: 'VIEWER', removedBy: viewer.id }]);
    expect(code(await h.request(LEAVE, { c: circleId }, viewer.token))).toBe('FORBIDDEN');
    expect(code(await h.request(LEAVE, { c: circleId }, outsider.token))).toBe('FORBIDDEN');
    expect(code(await h.request(LEAVE, { c: circleId }))).toBe('UNAUTHENTICATED');

    // They can be invited back.
    await h.join(circleId, owner.token, viewer, 'FAMILY');
    expect((await h.request(CIRCLE, { id: circleId }, viewer.token)).data!.careCircle.members).toHaveLength(2);
  });
});
