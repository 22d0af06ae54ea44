import { eventually, startAttackHarness, type AttackHarness, type Member } from './support/attackHarness';

const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }';
const INVITE = 'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id role expiresAt careCircle { id name } invitedBy { id displayName } } }';

/** Attacks on accounts and membership: password guessing, and reaching people without their consent (issue 8). */
describe('attacks on accounts and membership of a production CareGraph', () => {
  let h: AttackHarness;
  let alice: Member;
  let circleId: string;

  beforeAll(async () => {
    h = await startAttackHarness('sec-accounts');
    alice = await h.signUp('alice');
    circleId = (await h.ok('mutation ($input: CreateCareCircleInput!) { createCareCircle(input: $input) { id } }', { input: { name: 'Mum' } }, alice.token)).createCareCircle.id;
  }, 180000);
  afterAll(() => h?.close(), 60000);

  afterEach(async () => {
    expect((await h.ok('{ me { id } }', {}, alice.token)).me.id).toBe(alice.id);
    await h.assertAllProcessesUp();
  });

  it('locks an account after 5 wrong passwords: the right one is refused too, with a retry-after', async () => {
    const victim = await h.signUp('victim');
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const result = await h.gql(LOG_IN, { input: { email: victim.email, password: `guess-${i}` } });
      codes.push(result.errors?.[0].extensions?.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(new Set(codes.slice(5))).toEqual(new Set(['RATE_LIMITED']));
    const right = await h.gql(LOG_IN, { input: { email: victim.email, password: 'correct horse battery' } });
    expect(right.data?.logIn ?? null).toBeNull();
    expect(right.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(right.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // The victim's own session is untouched.
    expect((await h.ok('{ me { id } }', {}, victim.token)).me.id).toBe(victim.id);
  });

  it('answers an invitation the same whether or not the email has an account', async () => {
    const known = await h.signUp('known');
    const unknown = `nobody-${Date.now()}@example.com`;
    const forKnown = await h.ok(INVITE, { input: { careCircleId: circleId, email: known.email, role: 'CAREGIVER' } }, alice.token);
    const forUnknown = await h.ok(INVITE, { input: { careCircleId: circleId, email: unknown, role: 'CAREGIVER' } }, alice.token);
    const shape = (invitation: Record<string, unknown>) => ({ ...invitation, id: typeof invitation.id, expiresAt: typeof invitation.expiresAt });
    expect(shape(forKnown.inviteMember)).toEqual(shape(forUnknown.inviteMember));
    // The unknown address gets a sign-up invitation by email; the known user sees theirs in myInvitations.
    await eventually(() => expect(h.mail.to(unknown)).toHaveLength(1), 20000);
    expect((await h.ok('{ myInvitations { id careCircle { name } } }', {}, known.token)).myInvitations).toEqual([{ id: forKnown.inviteMember.id, careCircle: { name: 'Mum' } }]);
  });

  it('lets no notification of any kind reach an invitee who has not accepted', async () => {
    const invitee = await h.signUp('invitee');
    const member = await h.signUp('member');
    await h.join(circleId, alice, member, 'CAREGIVER');
    await h.ok(INVITE, { input: { careCircleId: circleId, email: invitee.email, role: 'CAREGIVER' } }, alice.token);
    await eventually(() => expect(h.mail.to(invitee.email)).toHaveLength(1), 20000);
    const { addCareRecipient } = await h.ok('mutation ($input: AddCareRecipientInput!) { addCareRecipient(input: $input) { id } }', { input: { careCircleId: circleId, name: 'Mum' } }, alice.token);
    await h.ok('mutation ($input: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $input) { id } }', { input: { careRecipientId: addCareRecipient.id, message: 'Fell in the kitchen' } }, alice.token);
    // The member is alerted in-app and by email; the invitee gets nothing but the invitation mail.
    await eventually(async () => {
      const { myNotifications } = await h.ok('{ myNotifications(first: 10) { edges { node { priority eventType } } } }', {}, member.token);
      expect(myNotifications.edges.map((e: { node: { eventType: string } }) => e.node.eventType)).toContain('emergency.alert.created');
      expect(h.mail.to(member.email).some((mail) => /alert|emergency/i.test(mail.subject))).toBe(true);
    }, 30000);
    expect((await h.ok('{ myNotifications(first: 10) { edges { node { id } } } }', {}, invitee.token)).myNotifications.edges).toEqual([]);
    expect(h.mail.to(invitee.email)).toHaveLength(1);
    // Nor can the invitee read the circle before accepting.
    const read = await h.gql('query ($id: ID!) { careCircle(id: $id) { members { role } } }', { id: circleId }, invitee.token);
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
