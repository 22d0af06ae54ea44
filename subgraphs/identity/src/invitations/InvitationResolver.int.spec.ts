import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';

const INVITE = 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id role expiresAt careCircle { id name } invitedBy { id displayName } } }';
const MINE = '{ myInvitations { id role expiresAt careCircle { id name } invitedBy { displayName } } }';
const ACCEPT = 'mutation($id: ID!) { acceptInvitation(id: $id) { role user { id } } }';
const DECLINE = 'mutation($id: ID!) { declineInvitation(id: $id) }';

describe('identity invitations over HTTP', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness('identity_invitations');
  });
  afterAll(() => h?.close());

  const invite = (token: string, careCircleId: string, email: string, role = 'FAMILY') =>
    h.request(INVITE, { input: { careCircleId, email, role } }, token);

  async function outbox(circleId: string, type: string): Promise<Record<string, unknown>[]> {
    const { rows } = await h.db.query('select payload from identity.outbox where event_type = $1 and aggregate_id = $2 order by sequence', [type, circleId]);
    return rows.map((row) => row.payload);
  }

  it('answers the OWNER the same way whether or not the email has an account', async () => {
    const owner = await h.signUp('Olivia');
    const known = await h.signUp('Known');
    const circleId = await h.createCircle(owner.token, 'Rose');

    const forKnown = await invite(owner.token, circleId, known.email);
    const forUnknown = await invite(owner.token, circleId, `nobody-${Date.now()}@example.org`);
    expect(forKnown.errors).toBeUndefined();
    expect(forUnknown.errors).toBeUndefined();
    const shape = (result: typeof forKnown) => ({ ...result.data!.inviteMember, id: 'ID', expiresAt: 'AT' });
    expect(shape(forKnown)).toEqual(shape(forUnknown));
    expect(shape(forKnown)).toEqual({ id: 'ID', expiresAt: 'AT', role: 'FAMILY', careCircle: { id: circleId, name: 'Rose' }, invitedBy: { id: owner.id, displayName: 'Olivia' } });
    // The default INVITATION_TTL_HOURS: a week.
    const ttl = new Date(forKnown.data!.inviteMember.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(167 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(168 * 3_600_000);

    // Nor does the event (which members can read in the circle's log) tell them apart.
    const events = await outbox(circleId, 'care_circle.invitation_created');
    expect(events).toHaveLength(2);
    expect(Object.keys(events[0].data as object).sort()).toEqual(Object.keys(events[1].data as object).sort());
    expect(events[0]).toMatchObject({ carecircleid: circleId, causedby: owner.id, data: { careCircleId: circleId, careCircleName: 'Rose', email: known.email, role: 'FAMILY', invitedBy: owner.id } });
    expect(JSON.stringify(events)).not.toContain(known.id);
  });

  it('lets the invitee see the invitation, read the circle’s name, and accept it: member_added and invitation_accepted', async () => {
    const owner = await h.signUp('Owner');
    const ben = await h.signUp('Ben');
    const circleId = await h.createCircle(owner.token, 'Grandpa Joe');
    const invitationId = (await invite(owner.token, circleId, `  ${ben.email.toUpperCase()} `, 'CAREGIVER')).data!.inviteMember.id;

    const mine = await h.request(MINE, {}, ben.token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myInvitations).toEqual([
      { id: invitationId, role: 'CAREGIVER', expiresAt: expect.any(String), careCircle: { id: circleId, name: 'Grandpa Joe' }, invitedBy: { displayName: 'Owner' } },
    ]);
    // Nothing else of the circle: not its members, not the circle itself, not through _entities.
    const members = await h.request('{ myInvitations { careCircle { members { role } } } }', {}, ben.token);
    expect(members.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(members)).not.toContain(owner.id);
    const createdAt = await h.request('{ myInvitations { careCircle { createdAt } } }', {}, ben.token);
    expect(createdAt.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await h.request('query($id: ID!) { careCircle(id: $id) { name } }', { id: circleId }, ben.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await h.request('{ me { careCircles { id } } }', {}, ben.token)).data!.me.careCircles).toEqual([]);

    const accepted = await h.request(ACCEPT, { id: invitationId }, ben.token);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptInvitation).toEqual({ role: 'CAREGIVER', user: { id: ben.id } });
    const directory = await h.db.query('select role from identity.membership_directory where care_circle_id = $1 and user_id = $2', [circleId, ben.id]);
    expect(directory.rows).toEqual([{ role: 'CAREGIVER' }]);
    const added = await outbox(circleId, 'care_circle.member_added');
    expect(added.map((event) => event.data)).toEqual([
      { careCircleId: circleId, userId: owner.id, role: 'OWNER' },
      { careCircleId: circleId, userId: ben.id, role: 'CAREGIVER' },
    ]);
    expect(added[1]).toMatchObject({ carecircleid: circleId, causedby: ben.id, aggregatetype: 'CareCircle' });
    expect((await outbox(circleId, 'care_circle.invitation_accepted')).map((event) => event.data)).toEqual([
      { invitationId, careCircleId: circleId, userId: ben.id, role: 'CAREGIVER' },
    ]);

    expect((await h.request(MINE, {}, ben.token)).data!.myInvitations).toEqual([]);
    expect((await h.request('query($id: ID!) { careCircle(id: $id) { members { user { id } } } }', { id: circleId }, ben.token)).data!.careCircle.members).toHaveLength(2);
    expect((await h.request(ACCEPT, { id: invitationId }, ben.token)).errors?.[0].extensions?.code).toBe('ILLEGAL_STATE');
  });

  it('lets the invitee decline: invitation_declined, no membership, and it cannot be accepted after', async () => {
    const owner = await h.signUp();
    const dan = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    const invitationId = (await invite(owner.token, circleId, dan.email)).data!.inviteMember.id;

    expect((await h.request(DECLINE, { id: invitationId }, dan.token)).data).toEqual({ declineInvitation: true });
    expect((await outbox(circleId, 'care_circle.invitation_declined')).map((event) => event.data)).toEqual([{ invitationId, careCircleId: circleId, userId: dan.id }]);
    expect((await h.request(MINE, {}, dan.token)).data!.myInvitations).toEqual([]);
    expect((await h.request(ACCEPT, { id: invitationId }, dan.token)).errors?.[0].extensions?.code).toBe('ILLEGAL_STATE');
    const { rows } = await h.db.query('select count(*)::int as n from identity.memberships where care_circle_id = $1', [circleId]);
    expect(rows[0].n).toBe(1);
  });

  it('hides and refuses an expired invitation', async () => {
    const owner = await h.signUp();
    const eve = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    const invitationId = (await invite(owner.token, circleId, eve.email)).data!.inviteMember.id;
    await h.db.query("update identity.invitations set expires_at = now() - interval '1 second' where id = $1", [invitationId]);

    expect((await h.request(MINE, {}, eve.token)).data!.myInvitations).toEqual([]);
    expect((await h.request(ACCEPT, { id: invitationId }, eve.token)).errors?.[0].extensions?.code).toBe('ILLEGAL_STATE');
    expect((await h.request(DECLINE, { id: invitationId }, eve.token)).errors?.[0].extensions?.code).toBe('ILLEGAL_STATE');

    // Inviting again renews the same invitation, announced afresh.
    const renewed = await invite(owner.token, circleId, eve.email);
    expect(renewed.data!.inviteMember.id).toBe(invitationId);
    expect(await outbox(circleId, 'care_circle.invitation_created')).toHaveLength(2);
    expect((await h.request(ACCEPT, { id: invitationId }, eve.token)).data!.acceptInvitation.role).toBe('FAMILY');
  });

  it('answers NOT_FOUND to anyone but the invitee, who alone sees it', async () => {
    const owner = await h.signUp();
    const invitee = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    const invitationId = (await invite(owner.token, circleId, invitee.email)).data!.inviteMember.id;

    for (const token of [outsider.token, owner.token]) {
      expect((await h.request(ACCEPT, { id: invitationId }, token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await h.request(DECLINE, { id: invitationId }, token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await h.request(MINE, {}, token)).data!.myInvitations).toEqual([]);
    }
    expect((await h.request(ACCEPT, { id: '00000000-0000-4000-8000-000000000000' }, invitee.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await h.request(ACCEPT, { id: 'nope' }, invitee.token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await h.request(ACCEPT, { id: invitationId })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.request(MINE)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Still pending for the invitee.
    expect((await h.request(MINE, {}, invitee.token)).data!.myInvitations.map((i: { id: string }) => i.id)).toEqual([invitationId]);
  });

  it('lets only OWNERs invite, and validates the input', async () => {
    const owner = await h.signUp();
    const carer = await h.signUp();
    const viewer = await h.signUp();
    const outsider = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    await h.join(circleId, owner.token, carer, 'CAREGIVER');
    await h.join(circleId, owner.token, viewer, 'VIEWER');

    for (const token of [carer.token, viewer.token, outsider.token]) {
      expect((await invite(token, circleId, 'someone@example.org')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await invite(outsider.token, '00000000-0000-4000-8000-000000000000', 'someone@example.org')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(INVITE, { input: { careCircleId: circleId, email: 'someone@example.org', role: 'VIEWER' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await invite(owner.token, circleId, 'not-an-email')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect((await invite(owner.token, 'nope', 'someone@example.org')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'careCircleId' });
    expect((await invite(owner.token, circleId, carer.email.toUpperCase())).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });

    const { rows } = await h.db.query('select count(*)::int as n from identity.invitations where care_circle_id = $1', [circleId]);
    expect(rows[0].n).toBe(2); // the two accepted ones
  });

  it('refreshes a pending invitation instead of piling up, even when invites race', async () => {
    const owner = await h.signUp();
    const circleId = await h.createCircle(owner.token);
    const email = `fresh-${Date.now()}@example.org`;

    const results = await Promise.all([invite(owner.token, circleId, email, 'VIEWER'), invite(owner.token, circleId, ` ${email.toUpperCase()}`, 'VIEWER')]);
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(results[0].data!.inviteMember.id).toBe(results[1].data!.inviteMember.id);
    const again = await invite(owner.token, circleId, email, 'CAREGIVER');
    expect(again.data!.inviteMember).toMatchObject({ id: results[0].data!.inviteMember.id, role: 'CAREGIVER' });

    const { rows } = await h.db.query('select email, role, status from identity.invitations where care_circle_id = $1', [circleId]);
    expect(rows).toEqual([{ email, role: 'CAREGIVER', status: 'PENDING' }]);
    expect(await outbox(circleId, 'care_circle.invitation_created')).toHaveLength(1);
  });

  it('reaches someone who signs up after being invited', async () => {
    const owner = await h.signUp();
    const circleId = await h.createCircle(owner.token, 'Later');
    const email = `later-${Date.now()}@example.org`;
    await invite(owner.token, circleId, email, 'VIEWER');

    const signedUp = await h.request('mutation($input: SignUpInput!) { signUp(input: $input) { token } }', { input: { email, password: 'correct horse battery', displayName: 'Late' } });
    const token = signedUp.data!.signUp.token;
    const [invitation] = (await h.request(MINE, {}, token)).data!.myInvitations;
    expect(invitation.careCircle.name).toBe('Later');
    expect((await h.request(ACCEPT, { id: invitation.id }, token)).data!.acceptInvitation.role).toBe('VIEWER');
  });
});
